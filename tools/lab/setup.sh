# shellcheck shell=bash
# What make lab sets up, each step a no-op when already done (docs/lab.md, "make lab"): the
# Debian packages, the server's database schema and accounts, and through lavacli the device
# types and devices. Functions for tools/lab/run.sh, after tools/lab/env.sh.
lab_install() {
	local want=() p
	for p in lava-server lava-dispatcher lavacli postgresql-15; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || want+=("$p")
	done
	[ ${#want[@]} = 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "lab: run as root, or: apt-get install --no-install-recommends ${want[*]}" >&2
		return 1
	fi
	echo "# lab: installing ${want[*]} (about 200 packages)"
	# No init system runs here: the packages' units stay unstarted and the lava-server
	# postinst skips its database, which the lab keeps under BUILD/lab instead.
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${want[@]}" \
		>"$lab_log/apt.log" 2>&1 || { tail -20 "$lab_log/apt.log"; return 1; }
}

lab_accounts() {
	mkdir -p "$lab/media" "$lab/devices" "$lab/device-types" "$lab/health-checks" \
		"$XDG_CONFIG_HOME"
	install -d -m 700 "$lab/secrets"
	lava-server manage migrate --noinput >"$lab_log/migrate.log" 2>&1 ||
		{ tail -5 "$lab_log/migrate.log"; return 1; }
	LAB_USER=$lab_user LAB_WORKER=$lab_worker LAB_SECRETS=$lab/secrets \
		lava-server manage shell -c \
		"import runpy; runpy.run_path('$lab_tools/accounts.py')" 2>"$lab_log/accounts.log" ||
		{ tail -5 "$lab_log/accounts.log"; return 1; }
	(umask 077 && printf 'default:\n  uri: %s/RPC2\n  username: %s\n  token: %s\n' \
		"$lab_url" "$lab_user" "$(cat "$lab/secrets/lab-token")" \
		>"$XDG_CONFIG_HOME/lavacli.yaml")
	# The worker's job directories get a prefix of their own, apart from make lava's.
	mkdir -p "$lab_dispatcher_d"
	printf '# make lab (tools/lab/setup.sh): removed by make lab-clean\nprefix: lab-\n' \
		>"$lab_dispatcher_d/dispatcher.yaml"
}

lab_device() { # lab_device NAME TYPE HEALTH DICTIONARY_FILE
	lavacli devices show "$1" >/dev/null 2>&1 ||
		lavacli devices add --type "$2" --worker "$lab_worker" "$1" || return 1
	lavacli devices dict set "$1" "$4" && lavacli devices update --health "$3" "$1"
}

lab_devices() {
	local t d=$lab/dict lj="python3 $lab_tools/../lava/lavajob.py"
	mkdir -p "$d"
	for t in qemu x86-grub; do
		lavacli device-types show "$t" >/dev/null 2>&1 || lavacli device-types add "$t" ||
			return 1
	done
	# x86-grub is ours: its template goes to the server's first device-type folder.
	$lj device-type x86-grub >"$d/x86-grub.jinja2" &&
		lavacli device-types template set x86-grub "$d/x86-grub.jinja2" || return 1
	$lj dict qemu >"$d/qemu-01.jinja2" && $lj dict x86-grub >"$d/x86-01.jinja2" &&
		python3 "$lab_tools/standin.py" "$lab_build" >"$d/pc-01.jinja2" || return 1
	lab_device qemu-01 qemu GOOD "$d/qemu-01.jinja2" &&
		lab_device pc-01 x86-grub GOOD "$d/pc-01.jinja2" &&
		lab_device x86-01 x86-grub MAINTENANCE "$d/x86-01.jinja2"
}
