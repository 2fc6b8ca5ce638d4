#!/bin/bash
# make lava: the generated LAVA jobs (tools/lava/joblist.py) run locally by lava-run (no
# lava-server), and LAVA's per-case results checked against smpscope's own
# (tools/lava/compare.py, docs/lab.md).
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
# run NAME KNOBS CASE FAIL: one job of tools/lava/joblist.py
run() {
	local name=$1 knobs=$2 case=$3 fail=$4 one=() cmp=()
	[ -n "$case" ] && one=(--case "$case") && cmp=(--cases "$case")
	[ -n "$fail" ] && cmp+=(--fail "$fail")
	id=$((id + 1))
	python3 "$here/lavajob.py" job --build "$build" --knobs "$knobs" "${one[@]}" \
		>"$out/$name.yaml" || exit 1
	echo "# lava: job $id $name: lava-run on $out/$name.yaml (knobs: $knobs)"
	# The job's timeout bounds it (15 minutes); this one only guards against a hung lava-run.
	timeout 1200 lava-run --job-id "$id" --output-dir "$out/$name" --device "$out/device.yaml" \
		"$out/$name.yaml" >"$out/$name.stdout" 2>"$out/$name.log"
	echo "# lava: lava-run ended with $? (job verdict: $(grep -o 'result: [a-z]*' \
		"$out/$name/result.yaml" 2>/dev/null | head -1))"
	python3 "$here/compare.py" "$build" "$out/$name.log" "$out/$name" "${cmp[@]}" || status=1
}
python3 "$here/joblist.py" "$build" >"$out/jobs.tsv" || exit 1
while IFS='|' read -r name knobs case fail; do
	run "$name" "$knobs" "$case" "$fail" </dev/null
done <"$out/jobs.tsv"
[ "$status" = 0 ] && echo "# lava: LAVA's results equal smpscope's in every run" ||
	echo "# lava: results differ (logs in $out)"
exit $status
