# shellcheck shell=bash
# The real-machine device type on the server (docs/lab.md, "make lab"): a --target x86 job
# passes the server's schema (lavacli jobs validate --strict); the x86-grub dictionary as
# tools/lava writes it, placeholders and all, is stored and rendered by the server (device
# x86-01); and lava-dispatcher accepts the job on the device the server renders for the
# stand-in PC (pc-01), whose commands exist. A function for tools/lab/run.sh, after env.sh.
lab_validate() {
	local out=$lab/validate n=0 bad=0 why
	rm -rf "$out"
	mkdir -p "$out"
	lab_check() { # lab_check OK NAME WHY
		n=$((n + 1))
		if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2 # $3"; bad=1; fi
	}
	python3 "$lab_tools/../lava/lavajob.py" job --build "$lab_build" --target x86 \
		>"$out/x86.yaml" || return 1
	why=$(lavacli jobs validate --strict "$out/x86.yaml" 2>&1)
	lab_check $? x86-job-schema "$why"
	lavacli devices dict get --render x86-01 >"$out/x86-01.yaml" 2>&1 &&
		/usr/bin/python3 - "$out/x86-01.yaml" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
assert 'minimal' in d['actions']['boot']['methods'], d['actions']['boot']['methods']
assert d['commands']['connect'] == '${CONNECTION_COMMAND}', d['commands']
assert d['constants']['kernel-start-message'] == 'smpscope: loading'
PY
	lab_check $? x86-dict-rendered "$(tail -1 "$out/x86-01.yaml")"
	lavacli devices dict get --render pc-01 >"$out/pc-01.yaml" &&
		lava-run --validate --job-id 0 --output-dir "$out/run" --device "$out/pc-01.yaml" \
			"$out/x86.yaml" >"$out/lava-run.out" 2>"$out/lava-run.log"
	why=$(grep -o '"error_msg": "[^"]*"' "$out/lava-run.log")
	grep -q '"case": "job", "definition": "lava", "result": "pass"' "$out/lava-run.log"
	lab_check $? x86-job-on-device "${why:-no job result in $out/lava-run.log}"
	return $bad
}
