# shellcheck shell=bash
# lava-server's processes and the worker (docs/lab.md, "make lab"), started by hand as
# Debian's systemd units would (/lib/systemd/system/lava-server-gunicorn.service,
# lava-scheduler.service; lava-worker.service for the worker) but as root, on loopback, with the
# lab's settings (tools/lab/env.sh). Not started: lava-publisher (event notifications are off)
# and lava-celery-worker (LAVA 2023.01 runs its celery tasks in-process). Functions for
# tools/lab/run.sh, after env.sh and procs.sh.
lab_http_up() { # lab_http_up SECONDS: the API answers
	local i
	for i in $(seq "$1"); do
		curl -sf -o /dev/null "$lab_url/api/v0.2/" && return 0
		sleep 1
	done
	return 1
}

lab_server_start() {
	if curl -s -o /dev/null "$lab_url/"; then
		echo "lab: something already answers on $lab_url (set LAB_PORT)" >&2
		return 1
	fi
	lab_spawn gunicorn gunicorn3 lava_server.wsgi --log-level INFO \
		--log-file "$lab_log/gunicorn.log" --worker-class eventlet --workers 2 \
		--bind "127.0.0.1:$lab_port" --timeout 120
	lab_spawn scheduler lava-server manage lava-scheduler --level INFO \
		--log-file "$lab_log/lava-scheduler.log"
	lab_http_up 120 || { tail -5 "$lab_log/gunicorn.out" "$lab_log/gunicorn.log"; return 1; }
}

lab_worker_start() {
	lab_spawn worker lava-worker --name "$lab_worker" --url "$lab_url" \
		--token-file "$lab/secrets/worker-token" --worker-dir "$lab/worker" \
		--log-file "$lab_log/lava-worker.log" --level INFO
}

lab_server_stop() {
	lab_stop worker scheduler gunicorn
}
