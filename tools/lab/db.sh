# shellcheck shell=bash
# The lab's PostgreSQL cluster (docs/lab.md, "make lab"): its own data directory under BUILD/lab,
# run by the postgres user (PostgreSQL refuses root), listening on a socket in BUILD/lab/run
# only. Functions for tools/lab/run.sh, after tools/lab/env.sh.
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
	install -o postgres -m 644 /dev/null "$lab_log/postgresql.log"
	lab_pgctl -l "$lab_log/postgresql.log" -w -t 60 start -o "-c listen_addresses='' \
		-c unix_socket_directories='$lab_run' -p $lab_pgport" >/dev/null ||
		{ tail -5 "$lab_log/postgresql.log"; return 1; }
	# The server's role and database, when missing.
	psql -h "$lab_run" -p "$lab_pgport" -U postgres -v ON_ERROR_STOP=1 -q <<'SQL' >/dev/null
SELECT 'CREATE ROLE lavalab LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lavalab')\gexec
SELECT 'CREATE DATABASE lavalab OWNER lavalab TEMPLATE template0 ENCODING ''UTF8'''
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'lavalab')\gexec
SQL
}

lab_db_stop() { # fast shutdown (sessions cut, nothing lost), then immediate if it hangs
	[ -f "$lab_pg/postmaster.pid" ] || return 0
	lab_pgctl -m fast -w -t 60 stop >/dev/null 2>&1 ||
		lab_pgctl -m immediate -w -t 30 stop >/dev/null 2>&1
}
