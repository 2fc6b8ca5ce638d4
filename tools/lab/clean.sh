#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# make lab-clean: removes what make lab created (docs/lab.md, "make lab"): everything under
# BUILD/lab (the database cluster with the server's accounts, tokens, device types, devices and
# jobs; the device files, job output, logs, the worker's files) and the worker's file under
# /etc/lava-server/dispatcher.d. The packages stay.
#   tools/lab/clean.sh BUILD_DIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh" "${1:-build}"
. "$here/procs.sh"
. "$here/db.sh"
. "$here/server.sh"
# A run killed before its own cleanup could leave them.
lab_server_stop
lab_db_stop
rm -rf "$lab" "$lab_dispatcher_d"
# lava-worker's job directories (the prefix tools/lab/setup.sh gives them).
rm -rf /var/lib/lava/dispatcher/tmp/lab-[0-9]*
echo "# lab-clean: removed $lab and $lab_dispatcher_d"
