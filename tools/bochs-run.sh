#!/bin/bash
# Boots the smpscope ISO in Bochs 2.7 and waits for the verdict in the serial log.
#   tools/bochs-run.sh --iso build/smpscope.iso --log FILE [--cpus N] [--model NAME]
#     [--ips N] [--timeout SEC] [--knobs '...'] [--reset-on-triple-fault] [--knobs-next '...']
# Bochs always exits with status 1, so the verdict is read from the log: 0 pass,
# 1 fail, 2 no verdict (timeout, crash). Without an OEM string GRUB boots the
# menu's default entry after its timeout. --model is a Bochs CPU model (`bochs -help cpu`
# lists them; the AMD ones: athlon64_clawhammer, athlon64_venice, turion64_tyler,
# phenom_8650_toliman, zambezi, trinity_apu, ryzen). --reset-on-triple-fault makes a triple
# fault reset the machine, as a chipset does, instead of ending Bochs; the BIOS then honours
# CMOS shutdown code 0x0A. --knobs-next gives every boot after the first other knobs: GRUB
# counts boots in an environment block on the knobs disk (docs/testing.md, "A reset in Bochs").
set -u
iso="" log="" cpus=8 model=corei7_haswell_4770 ips=50000000 timeout=600 knobs= next= triple=0
while [ $# -gt 0 ]; do
	case $1 in
	--iso) iso=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--cpus) cpus=$2; shift 2 ;;
	--model) model=$2; shift 2 ;;
	--ips) ips=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--knobs) knobs=$2; shift 2 ;;
	--knobs-next) next=$2; shift 2 ;;
	--reset-on-triple-fault) triple=1; shift ;;
	*) echo "bochs-run: unknown option '$1'" >&2; exit 2 ;;
	esac
done
[ -n "$iso" ] && [ -n "$log" ] || { echo "bochs-run: --iso and --log are needed" >&2; exit 2; }
# --cpus N, or P:C:T (packages:cores:threads). Bochs 2.7 numbers CPUs with 4-bit APIC IDs;
# 15 would be their limit, but Debian's Bochs 2.7 panics at 15 (docs/bench.md) with
# "register_timer: too many registered timers" (each CPU's local APIC takes timers), so 14.
total=1
for n in ${cpus//:/ }; do total=$((total * n)); done
if [ "$total" -lt 1 ] || [ "$total" -gt 14 ]; then
	echo "bochs-run: --cpus must come to 1..14 CPUs (Bochs 2.7 runs out of timers at 15), not $cpus" >&2
	exit 2
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
: >"$log"
disk=""
[ -z "$next" ] || [ -n "$knobs" ] || { echo "bochs-run: --knobs-next needs --knobs" >&2; exit 2; }
if [ -n "$knobs" ]; then
	# Bochs has no SMBIOS OEM strings: the knobs ride on a small FAT disk grub.cfg searches
	# and sources (tools/gen-grubcfg.c), so the file is GRUB script.
	if [ -z "$next" ]; then
		printf 'set smpscope_oem="smpscope:%s"\n' "$knobs" >"$dir/smpscope.knobs"
	else
		# The first boot writes smpscope_boots=1 into the block; every later one finds it.
		cat >"$dir/smpscope.knobs" <<GRUB
load_env --file (\$smpscope_kdev)/smpscope.env smpscope_boots
if [ "\$smpscope_boots" = 1 ]; then
	set smpscope_oem="smpscope:$next"
else
	set smpscope_boots=1
	save_env --file (\$smpscope_kdev)/smpscope.env smpscope_boots
	set smpscope_oem="smpscope:$knobs"
fi
GRUB
		grub-editenv "$dir/smpscope.env" create || exit 2
	fi
	mformat -i "$dir/knobs.img" -C -T 2880 -h 2 -s 18 :: &&
		mcopy -i "$dir/knobs.img" "$dir/smpscope.knobs" ::/smpscope.knobs || exit 2
	if [ -n "$next" ]; then
		mcopy -i "$dir/knobs.img" "$dir/smpscope.env" ::/smpscope.env || exit 2
	fi
	disk="ata0-slave: type=disk, path=\"$dir/knobs.img\", mode=flat, cylinders=80, heads=2, spt=18"
fi
# With resets, the BIOS's own messages show each POST in the Bochs log (FILE.bochs-log).
info_bios=
[ "$triple" = 0 ] || info_bios=", biosdev=report"
cat >"$dir/bochsrc" <<RC
megs: 256
cpu: model=$model, count=$cpus, ips=$ips, reset_on_triple_fault=$triple
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path="$(realpath "$iso")", status=inserted
$disk
boot: cdrom
com1: enabled=1, mode=file, dev="$(realpath "$log")"
display_library: rfb, options="timeout=0"
clock: sync=none, time0=946684800
port_e9_hack: enabled=1
log: $dir/bochs.out
panic: action=fatal
error: action=report
info: action=ignore$info_bios
debug: action=ignore
RC
# Where Bochs is built with its debugger it stops before the first instruction: 'c' goes on.
# It stops again at every reset, so a run that may reset gets a few more.
{ printf 'c\n'; [ "$triple" = 0 ] || printf 'c\nc\nc\nc\n'; printf 'quit\n'; } >"$dir/rc"
# The rfb display (the one that needs no terminal) binds a port in 5900-5949; when another
# Bochs on the machine holds them all for a moment, the next attempt gets one.
for attempt in 1 2 3; do
	: >"$log"
	timeout --kill-after=5 "$timeout" bochs -q -f "$dir/bochsrc" -rc "$dir/rc" </dev/null \
		>"$log.bochs" 2>&1
	status=$?
	grep -q 'RFB could not bind' "$log.bochs" || break
	echo "bochs-run: no free RFB port (attempt $attempt of 3)" >&2
	sleep 2
done
cp "$dir/bochs.out" "$log.bochs-log" 2>/dev/null
if grep -q '^# ev=exit result=pass' "$log"; then
	exit 0
elif grep -q '^# ev=exit result=fail' "$log"; then
	exit 1
fi
[ $status = 124 ] && echo "bochs-run: timed out after ${timeout}s; serial log: $log" >&2 ||
	echo "bochs-run: Bochs ended (status $status) before a verdict; serial log: $log" >&2
exit 2
