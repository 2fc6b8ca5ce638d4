# shellcheck shell=bash
# The lab's PostgreSQL cluster (docs/lab.md, "make lab"): its own data directory under BUILD/lab,
# run by the postgres user (PostgreSQL refuses root), listening on a socket in BUILD/lab/run
# only. The server is a child of the lab's (tools/lab/procs.sh: lab_spawn), not daemonized by
# pg_ctl, so that the lab's shell reaps it. Functions for tools/lab/run.sh, after
# tools/lab/env.sh and procs.sh.
lab_pgctl() { # the cluster's pg_ctl, as postgres
	runuser -u postgres -- "$lab_pgbin/pg_ctl" -D "$lab_pg" "$@"
}

lab_db_start() {
	mkdir -p "$lab_run" "$lab_log"
	chown postgres:postgres "$lab_run"
	if [ ! -f "$lab_pg/PG_VERSION" ]; then
		rm -rf "$lab_pg"
		install -d -o postgres -g postgres -m 700 "$lab_pg"
		# trust: the only door is the socket, in a directory under the lab.
		runuser -u postgres -- "$lab_pgbin/initdb" -D "$lab_pg" -U postgres --auth=trust \
			-E UTF8 --locale=C.UTF-8 >"$lab_log/initdb.log" 2>&1 ||
			{ tail -5 "$lab_log/initdb.log"; return 1; }
	fi
	lab_spawn postgres runuser -u postgres -- "$lab_pgbin/postgres" -D "$lab_pg" \
		-c listen_addresses= -c unix_socket_directories="$lab_run" -p "$lab_pgport"
	local i
	for i in $(seq 60); do
		pg_isready -q -h "$lab_run" -p "$lab_pgport" && break
		sleep 1
	done
	pg_isready -q -h "$lab_run" -p "$lab_pgport" || { tail -5 "$lab_log/postgres.out"; return 1; }
	# The server's role and database, when missing.
	psql -h "$lab_run" -p "$lab_pgport" -U postgres -v ON_ERROR_STOP=1 -q <<'SQL' >/dev/null
SELECT 'CREATE ROLE lavalab LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lavalab')\gexec
SELECT 'CREATE DATABASE lavalab OWNER lavalab TEMPLATE template0 ENCODING ''UTF8'''
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'lavalab')\gexec
SQL
}

lab_db_stop() { # fast shutdown (sessions cut, nothing lost), immediate if it hangs
	if [ -f "$lab_pg/postmaster.pid" ]; then
		lab_pgctl -m fast -w -t 60 stop >/dev/null 2>&1 ||
			lab_pgctl -m immediate -w -t 30 stop >/dev/null 2>&1
	fi
	lab_stop postgres
}
