#!/bin/bash
# smpscope-report under valgrind on every log the e2e suite left in BUILD/e2e: json on each (it
# walks everything the parser kept), table, check and svg on every fourth, bisect and fleet over
# many logs at once. A valgrind error, a leak, a signal or a timeout is `not ok`; exit 1 or 2 is the tool's
# answer and fine. Prints `ok N name` / `not ok N name # why` lines and a plan.
#   tests/report/valgrind.sh BUILD_DIR
# VALGRIND_JOBS (2) runs at a time, each at most VALGRIND_TIMEOUT (120) seconds.
set -u
build=${1:-build}
tool=$build/smpscope-report
work=$build/valgrind
jobs=${VALGRIND_JOBS:-2}
limit=${VALGRIND_TIMEOUT:-120}

skip() {
	echo "ok 1 valgrind # SKIP $*"
	echo "1..1"
	exit 0
}
command -v valgrind >/dev/null || skip "no valgrind (tools/deps.sh check installs it)"
[ -x "$tool" ] || skip "no $tool (make $tool)"
logs=()
m=0
for f in "$build"/e2e/*.log; do
	[ -f "$f" ] || continue
	# The fault matrix's 130-odd logs differ in one CPU's line (tests/e2e/matrix.py): one in
	# eight of them is enough, and a second under valgrind each would be two minutes.
	case $(basename "$f") in matrix-*)
		m=$((m + 1))
		[ $((m % 8)) = 1 ] || continue
		;;
	esac
	logs+=("$f")
done
[ ${#logs[@]} -gt 0 ] || skip "no logs in $build/e2e (run the e2e suite first)"

rm -rf "$work"
mkdir -p "$work"
names=()
running=0

# One run in the background, at most $jobs at once; its status lands in $work/N.rc.
job() { # job NAME ARGS...
	local n=${#names[@]}

	names+=("$1")
	shift
	# The subshell's stderr would only carry bash's "Aborted" line; the status says it.
	(
		timeout -k 5 "$limit" valgrind -q --error-exitcode=99 \
			--leak-check=full --errors-for-leak-kinds=definite,indirect \
			--show-leak-kinds=definite,indirect --log-file="$work/$n.vg" \
			"$tool" "$@" >/dev/null 2>"$work/$n.err"
		echo $? >"$work/$n.rc"
	) 2>/dev/null &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
}

start=$(date +%s.%N)
for i in "${!logs[@]}"; do
	f=${logs[$i]}
	name=$(basename "$f" .log)
	job "json $name" json "$f"
	# Every fourth log, sorted by name, is a mix of flows, machines and failures.
	if [ $((i % 4)) = 0 ]; then
		job "table $name" table "$f"
		job "check $name" check "$f" --cpus 28 --expect pass --expect online \
			--expect no-timeouts --expect check=cmos_restored
		job "svg $name" svg "$f"
	fi
done
ladder=()
for f in "${logs[@]}"; do
	case $(basename "$f") in ladder-*) ladder+=("$f") ;; esac
done
[ ${#ladder[@]} -gt 0 ] && job "bisect ladder-*.log (${#ladder[@]} logs)" bisect "${ladder[@]}"
# Every log at once: every case, verdict and failure the suite has, and a few MB to parse.
job "bisect every log (${#logs[@]} logs)" bisect "${logs[@]}"
job "fleet every log (${#logs[@]} logs)" fleet "${logs[@]}" -o /dev/null
# The fleet suite's folder (tests/report/test_fleet.py): bad inputs and a LAVA job's log.
inputs=$build/report-tests/fleet-inputs
[ -d "$inputs" ] && job "fleet $inputs" fleet "$inputs" -o /dev/null
# The MADT reader on every real table, raw and as acpidump text (tests/data/madt).
root=$(cd "$(dirname "$0")/../.." && pwd)
for f in "$root"/tests/data/madt/*.dat "$root"/tests/data/madt/acpidump/*; do
	[ -f "$f" ] && job "madt $(basename "$f")" madt "$f" --json
done
wait
end=$(date +%s.%N)

failed=0
for n in "${!names[@]}"; do
	rc=$(cat "$work/$n.rc" 2>/dev/null || echo lost)
	case $rc in
	0 | 1 | 2)
		echo "ok $((n + 1)) ${names[$n]}"
		continue
		;;
	99) why="valgrind: $(grep -m1 -vE '^==[0-9]+== *$' "$work/$n.vg" | cut -d' ' -f2-)" ;;
	124 | 137) why="no answer in ${limit}s under valgrind" ;;
	lost) why="the run left no status" ;;
	*) why="exit $rc$([ "$rc" -gt 128 ] 2>/dev/null && echo " (signal $((rc - 128)))")" ;;
	esac
	echo "not ok $((n + 1)) ${names[$n]} # $why (see $work/$n.vg)"
	failed=$((failed + 1))
done
echo "1..${#names[@]}"
secs=$(awk "BEGIN { printf \"%.1f\", $end - $start }")
echo "# ${#names[@]} runs under valgrind, $jobs at a time: $secs s"
[ "$failed" = 0 ]
