#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# make lab: a LAVA server, its database and a worker on this machine, smpscope's jobs submitted
# to it and its results checked against smpscope's own (docs/lab.md, "make lab"). Everything it
# starts is stopped before it exits, also on failure or interrupt; a second run reuses what
# the first set up.
#   tools/lab/run.sh BUILD_DIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh" "${1:-build}"
. "$here/procs.sh"
. "$here/db.sh"
. "$here/server.sh"
. "$here/setup.sh"
. "$here/validate.sh"
mkdir -p "$lab_run" "$lab_log"
summary="# lab: 0 jobs ran: the lab did not come up (logs in $lab_log)"
down() {
	trap '' INT TERM
	lab_server_stop || echo "# lab: a process would not stop: $(pgrep -a -f lava- | head -3)"
	lab_db_stop || echo "# lab: the database cluster would not stop"
	echo "$summary"
}
trap down EXIT
trap 'exit 130' INT TERM
if [ "$(id -u)" != 0 ]; then
	echo "lab: run as root (PostgreSQL runs as postgres, the lab's daemons as root)" >&2
	trap - EXIT
	exit 1
fi
lab_install || exit 1
echo "# lab: database (PostgreSQL 15, data in $lab_pg)"
lab_db_start || exit 1
echo "# lab: lava-server schema and accounts"
lab_accounts || exit 1
echo "# lab: lava-server on $lab_url, its scheduler, worker $lab_worker"
lab_server_start || exit 1
lab_worker_start
lab_devices || exit 1
echo "# lab: the x86-grub device type and a --target x86 job on the server"
lab_validate
valid=$?
summary="# lab: stopped before the jobs' end; those done are in $lab_log/jobs.out"
# jobs.py's last line is the summary, which down() prints once everything has stopped.
python3 "$here/jobs.py" "$lab_build" "$lab_url" "$lab/jobs" | tee "$lab_log/jobs.out" |
	grep --line-buffered -v '^# lab: [0-9]* jobs ran'
status=${PIPESTATUS[0]}
summary=$(tail -1 "$lab_log/jobs.out")
[ "$valid" = 0 ] || { summary="$summary; the x86 checks failed"; status=1; }
exit "$status"
