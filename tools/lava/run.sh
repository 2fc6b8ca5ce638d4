#!/bin/bash
# make lava: the generated LAVA jobs run locally by lava-run (no lava-server), and LAVA's
# per-case results checked against smpscope's own (tools/lava/compare.py, docs/lab.md):
# the ladder in one boot passing, then with an AP stopped at longmode from the parallel rung on,
# where parallel and broadcast must come back as fail, then every other case of the table alone.
#   tools/lava/run.sh BUILD_DIR
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
out=$build/lava
if ! command -v lava-run >/dev/null; then
	if [ "$(id -u)" = 0 ]; then
		echo "# lava: installing lava-dispatcher (about 130 packages)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			lava-dispatcher >"$build/lava-apt.log" 2>&1 ||
			{ tail -20 "$build/lava-apt.log"; exit 1; }
	else
		echo "lava: run as root, or: apt-get install --no-install-recommends lava-dispatcher" >&2
		exit 1
	fi
fi
rm -rf "$out"
mkdir -p "$out"
python3 "$here/lavajob.py" device qemu >"$out/device.yaml" || exit 1
status=0 id=0
# run NAME KNOBS [--case CASE] [--fail CASES]
run() {
	local name=$1 knobs=$2 one=()
	shift 2
	if [ "${1:-}" = --case ]; then
		one=(--case "$2")
		shift 2
		set -- --cases "${one[1]}" "$@"
	fi
	id=$((id + 1))
	python3 "$here/lavajob.py" job --build "$build" --knobs "$knobs" "${one[@]}" \
		>"$out/$name.yaml" || exit 1
	echo "# lava: job $id $name: lava-run on $out/$name.yaml (knobs: $knobs)"
	# The job's timeout bounds it (15 minutes); this one only guards against a hung lava-run.
	timeout 1200 lava-run --job-id "$id" --output-dir "$out/$name" --device "$out/device.yaml" \
		"$out/$name.yaml" >"$out/$name.stdout" 2>"$out/$name.log"
	echo "# lava: lava-run ended with $? (job verdict: $(grep -o 'result: [a-z]*' \
		"$out/$name/result.yaml" 2>/dev/null | head -1))"
	python3 "$here/compare.py" "$build" "$out/$name.log" "$out/$name" "$@" || status=1
}
# timeout_ms=3000: 27 spinning APs share the host's cores with the BSP in early-kick and
# kick-before-prepare (tests/e2e/ladder.py says why).
run all-pass 'timeout_ms=3000'
run all-fault 'timeout_ms=3000 fault=stop:longmode@0x5 fault_from=parallel' --fail parallel,broadcast
# Every other case of the table, a job each: the ladder's rungs are all's.
for c in $(python3 -c 'import sys; sys.path.insert(0, sys.argv[1] + "/tests")
from names import load
n = load(sys.argv[2])
print(" ".join(c for c in n.case_names() if c != "all" and c not in n.ladder()))' \
	"$here/../.." "$build"); do
	# A fresh QEMU has no older log: lastlog says so and fails, in LAVA as in its own KTAP.
	if [ "$c" = lastlog ]; then
		run "case-$c" 'timeout_ms=3000' --case "$c" --fail lastlog
	else
		run "case-$c" 'timeout_ms=3000' --case "$c"
	fi
done
[ "$status" = 0 ] && echo "# lava: LAVA's results equal smpscope's in every run" ||
	echo "# lava: results differ (logs in $out)"
exit $status
