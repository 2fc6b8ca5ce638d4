# shellcheck shell=bash
# The lab's daemons (docs/lab.md, "make lab"): each started in a session of its own with its
# PID in BUILD/lab/run/NAME.pid, and stopped by that PID together with everything below it
# (lava-worker's lava-run and QEMU sit in sessions of their own, so no process group holds
# them all). Functions for tools/lab/run.sh, after tools/lab/env.sh.
lab_spawn() { # lab_spawn NAME COMMAND...
	local name=$1
	shift
	(cd / && exec setsid "$@" </dev/null >"$lab_log/$name.out" 2>&1) &
	echo $! >"$lab_run/$name.pid"
}

lab_tree() { # lab_tree PID...: the PIDs and every descendant of theirs
	ps -e -o pid=,ppid= | awk -v roots="$*" '
		{ kid[$2] = kid[$2] " " $1 }
		END {
			n = split(roots, todo, " ")
			for (i = 1; i <= n; i++) {
				p = todo[i]; print p
				m = split(kid[p], k, " ")
				for (j = 1; j <= m; j++) todo[++n] = k[j]
			}
		}'
}

lab_alive() { # lab_alive PID...: those still running
	local p
	for p in "$@"; do kill -0 "$p" 2>/dev/null && echo "$p"; done
}

lab_stop() { # lab_stop NAME...: TERM, 30 s, then KILL, for each and its descendants
	local name pids=() left i
	for name in "$@"; do
		[ -f "$lab_run/$name.pid" ] || continue
		pids+=($(lab_tree "$(cat "$lab_run/$name.pid")"))
	done
	[ ${#pids[@]} = 0 ] && return 0
	kill -TERM "${pids[@]}" 2>/dev/null
	for i in $(seq 60); do
		left=$(lab_alive "${pids[@]}")
		[ -z "$left" ] && break
		sleep 0.5
	done
	# shellcheck disable=SC2086
	[ -n "$left" ] && kill -KILL $left 2>/dev/null && sleep 1
	for name in "$@"; do rm -f "$lab_run/$name.pid"; done
	[ -z "$(lab_alive "${pids[@]}")" ]
}
