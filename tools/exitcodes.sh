# Sourced by the runners: QEMU's exit status from isa-debug-exit, turned into a verdict.
# Keep in step with include/exitcode.h (pass 0x10 -> 33, fail 0x11 -> 35).
map_qemu_status() { # map_qemu_status STATUS LOG
	case $1 in
	33) return 0 ;;
	35) return 1 ;;
	124|137) echo "qemu-run: timed out; serial log: ${2:-terminal}" >&2; return 2 ;;
	*) echo "qemu-run: QEMU ended with status $1 before the image wrote a verdict; serial log: ${2:-terminal}" >&2
	   return 2 ;;
	esac
}

# The verdict from the log itself, for runs that do not end through an exit port.
map_log_verdict() { # map_log_verdict LOG
	if grep -q '^# ev=exit result=pass' "$1"; then
		return 0
	elif grep -q '^# ev=exit result=fail' "$1"; then
		return 1
	fi
	return 2
}

# Runs QEMU (the arguments after TIMEOUT and LOG) until the image has written its verdict and
# halted or reset: the bare-metal exit path under QEMU (tools/qemu-run.sh --until-verdict).
# The wait for the verdict is bounded by TIMEOUT; after it, QEMU gets VERDICT_GRACE seconds in
# which it must not end through isa-debug-exit, then is stopped. Returns 0 pass, 1 fail,
# 2 no verdict or an exit through the port.
VERDICT_GRACE=2
run_until_verdict() { # run_until_verdict TIMEOUT LOG QEMU-ARGS...
	local limit=$1 log=$2 pid status how seen=0
	shift 2
	: >"$log"
	timeout --kill-after=5 "$limit" "$@" </dev/null >"$log.qemu" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if grep -q '^# ev=exit ' "$log" 2>/dev/null; then
			seen=1
			sleep "$VERDICT_GRACE"
			# The caller's look at the halted machine (qemu-run.sh --screendump).
			if declare -F at_verdict >/dev/null && kill -0 "$pid" 2>/dev/null; then
				at_verdict
			fi
			break
		fi
		sleep 0.2
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null
		wait "$pid"
		how=stopped
	else
		wait "$pid"
		status=$?
		case $status in
		33|35) how="isa-debug-exit (status $status)" ;;
		0) how="ended by itself (status 0: a reset or power-off under -no-reboot)" ;;
		124|137) how="timed out" ;;
		*) how="ended with status $status" ;;
		esac
	fi
	echo "qemu-run: QEMU $how; verdict line seen: $seen" >>"$log.qemu"
	case $how in
	isa-debug-exit*)
		echo "qemu-run: QEMU ended through isa-debug-exit (port 0xf4), not by a halt" \
			"or a reset; serial log: $log" >&2
		return 2 ;;
	"timed out")
		echo "qemu-run: timed out before the verdict; serial log: $log" >&2
		return 2 ;;
	esac
	map_log_verdict "$log" && return 0
	status=$?
	[ $status = 2 ] &&
		echo "qemu-run: QEMU $how before the image wrote a verdict; serial log: $log" >&2
	return $status
}

# Asks QEMU's monitor (through file descriptor FD) to save the VGA text memory, 80x25 cells of a
# character and an attribute byte, and waits, bounded, until the file is whole.
vgadump_now() { # vgadump_now FILE FD
	local file=$1 fd=$2 i
	echo "pmemsave 0xb8000 4000 \"$file\"" >&"$fd"
	for i in $(seq 1 100); do
		[ "$(stat -c %s "$file" 2>/dev/null || echo 0)" = 4000 ] && return 0
		sleep 0.1
	done
	echo "qemu-run: no VGA text memory in $file after 10 s" >&2
	return 1
}

# Asks QEMU's monitor (written through file descriptor FD) for a screendump and waits, bounded,
# until the file has stopped growing. Returns 1 when no file came.
screendump_now() { # screendump_now FILE FD
	local file=$1 fd=$2 size last=-1 still=0 i
	echo "screendump $file" >&"$fd"
	for i in $(seq 1 100); do
		size=$(stat -c %s "$file" 2>/dev/null || echo -1)
		if [ "$size" -gt 0 ] && [ "$size" = "$last" ]; then
			still=$((still + 1))
			[ "$still" -ge 3 ] && return 0
		else
			still=0
		fi
		last=$size
		sleep 0.1
	done
	echo "qemu-run: no screendump in $file after 10 s" >&2
	return 1
}
