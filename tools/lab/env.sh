# shellcheck shell=bash
# The lab's layout, sourced by every tools/lab script (docs/lab.md, "make lab"): where each
# piece lives under BUILD/lab, and the settings that point lava-server there instead of /etc and
# /var, so the lab owns its database, job output and device files and lab-clean can drop them.
#   . tools/lab/env.sh BUILD_DIR
lab_build=$(realpath -m "${1:-build}")
lab_tools=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lab=$lab_build/lab
lab_run=$lab/run # pid files, the database socket
lab_log=$lab/log
lab_pg=$lab/pg # the PostgreSQL cluster's data
lab_pgbin=/usr/lib/postgresql/15/bin
lab_pgport=${LAB_PGPORT:-5439} # only names the socket file: the cluster listens on no TCP port
lab_port=${LAB_PORT:-18080}    # lava-server's HTTP (API, XML-RPC, the worker's calls), loopback
lab_url=http://127.0.0.1:$lab_port
lab_worker=smpscope-lab
lab_user=lab
# Per-worker files the server sends with each job; LAVA's lava_server/files.py looks in /etc.
lab_dispatcher_d=/etc/lava-server/dispatcher.d/$lab_worker
# lavacli reads its identities from $XDG_CONFIG_HOME/lavacli.yaml.
export XDG_CONFIG_HOME=$lab/lavacli
# lava-server's settings (LAVA's lava_server/settings/prod.py reads LAVA_JSON_SETTINGS last): the
# database on the lab's socket, and every file path below $lab.
LAVA_JSON_SETTINGS=$(python3 - "$lab" "$lab_pgport" <<'EOF'
import base64, json, sys
lab, port = sys.argv[1:]
print(base64.b64encode(json.dumps({
    'DATABASES': {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'lavalab',
                              'USER': 'lavalab', 'HOST': lab + '/run', 'PORT': port}},
    'MEDIA_ROOT': lab + '/media/',
    'DJANGO_LOGFILE': lab + '/log/django.log',
    'DEVICES_PATH': lab + '/devices',
    'DEVICE_TYPES_PATHS': [lab + '/device-types', '/usr/share/lava-server/device-types'],
    'HEALTH_CHECKS_PATH': lab + '/health-checks',
    'ALLOWED_HOSTS': ['127.0.0.1', 'localhost'],
}).encode()).decode())
EOF
)
export LAVA_JSON_SETTINGS
