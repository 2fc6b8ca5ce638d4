#!/bin/bash
# make check's test runner: every suite prints TAP-like `ok N name` / `not ok N name`
# lines; this counts them, prints how long each suite took and a table of them, checks the
# counts docs/testing.md lists against this run's, and ends with the line CI reads:
# `N passed, N failed, N skipped`.
#   tests/run-all.sh BUILD_DIR
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0 skipped=0 table="" start_all=$(date +%s)

suite() { # suite NAME COMMAND...
	local name=$1 out status ok notok skip t0 took
	shift
	echo "# suite $name"
	t0=$(date +%s)
	out=$("$@" 2>&1)
	status=$?
	took=$(($(date +%s) - t0))
	printf '%s\n' "$out" | sed 's/^/    /'
	ok=$(printf '%s\n' "$out" | grep -cE '^ok [0-9]+ ' || true)
	skip=$(printf '%s\n' "$out" | grep -cE '^ok [0-9]+ .*# SKIP' || true)
	notok=$(printf '%s\n' "$out" | grep -cE '^not ok [0-9]+ ' || true)
	passed=$((passed + ok - skip))
	skipped=$((skipped + skip))
	failed=$((failed + notok))
	# A suite that dies without saying which check failed still fails once.
	if [ "$status" != 0 ] && [ "$notok" = 0 ]; then
		echo "not ok - suite $name exited with status $status"
		failed=$((failed + 1))
		notok=$((notok + 1))
	fi
	echo "# suite $name took $took s"
	table="$table$(printf '#   %-24s %5d s %5d ok %4d not ok %4d skipped' "$name" "$took" \
		$((ok - skip)) "$notok" "$skip")
"
}

suite lint "$root/tests/lint.sh" "$build"
for t in "$build"/host/test_*; do
	[ -x "$t" ] && suite "$(basename "$t")" "$t"
done
# E2E_ONLY=REGEX: only the e2e tests whose names match (make check-under-load E2E_ONLY=...).
suite e2e python3 "$root/tests/e2e/e2e.py" "$build" ${E2E_ONLY:+"$E2E_ONLY"}
# After e2e: the host tool is tested on the logs that run left in $build/e2e.
suite report python3 "$root/tests/report/test_report.py" "$build"
suite madt python3 "$root/tests/report/test_madt.py" "$build"
suite svg python3 "$root/tests/report/test_svg.py" "$build"
suite fleet python3 "$root/tests/report/test_fleet.py" "$build"
suite valgrind "$root/tests/report/valgrind.sh" "$build"
suite bisect python3 "$root/tests/report/test_bisect.py" "$build"
suite kunit python3 "$root/tests/kunit/test_kunit.py" "$build"
suite lava-pattern python3 "$root/tests/lava/test_pattern.py"
# docs/testing.md's counts are this run's (tests/counts.py); a run with E2E_ONLY has fewer.
if [ -z "${E2E_ONLY:-}" ]; then
	printf '%s' "$table" >"$build/run-all.counts"
	suite docs-counts python3 "$root/tests/counts.py" check "$build/run-all.counts"
else
	suite docs-counts echo "ok 1 docs-counts # SKIP E2E_ONLY runs part of the e2e suite"
fi

echo "# time per suite:"
printf '%s' "$table"
echo "#   $(printf '%-24s %5d s' total $(($(date +%s) - start_all)))"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
