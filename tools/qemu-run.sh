#!/bin/bash
# Boots smpscope in QEMU TCG and maps its exit to 0 (pass), 1 (fail) or 2 (no verdict).
#   tools/qemu-run.sh --iso build/smpscope.iso | --kernel build/smpscope.elf |
#     --stick IMG [--stick-blkdebug RULES] [--knobs-disk IMG] [--qmp SOCKET]
#     [--smp SPEC] [--machine q35|pc] [--fw bios|seabios|uefi] [--knobs '...'] [--cpu MODEL]
#     [--mem MB] [--log FILE] [--timeout SEC] [--accel tcg|kvm] [--interactive]
#     [--until-verdict] [--no-serial] [--screendump FILE] [--gfxpayload MODE]
#     [--module FILE] [--vgadump FILE] [--reboot] [-- extra qemu args]
# With --iso the knobs travel in the SMBIOS OEM string that grub.cfg reads; with
# --kernel (multiboot1, qboot firmware) they are the command line.
# --until-verdict: for on_exit=halt or reboot, where the image does not end QEMU through
# isa-debug-exit (docs/hardware.md, "Exit"). QEMU is stopped once the log's last line
# (`# ev=exit`) is in and a grace period has passed, and the verdict is read from the log;
# QEMU ending through isa-debug-exit is then an error. $LOG.qemu ends with how QEMU ended.
# --no-serial: the machine has no serial port (-serial none), as the machines the screen is for
# (docs/screen.md); LOG is then what the image writes to port 0xE9 (-debugcon): empty unless the
# knobs name console=e9 (tests/e2e/harness/boot.py reads the screen instead).
# --screendump FILE: with --until-verdict, the screen as a PPM image once the verdict is in,
# through QEMU's monitor, before QEMU is stopped (tests/e2e/harness/screen.py reads it).
# --vgadump FILE: with --until-verdict, the VGA text memory (0xB8000, 80x25 cells) saved to FILE
# through QEMU's monitor once the verdict is in: the screen a machine with a serial port shows too
# (tests/e2e/harness/screen.py reads it).
# --gfxpayload MODE (with --iso): the knobs and GRUB's video mode (e.g. 1024x768x16, a
# framebuffer under BIOS) travel in /smpscope.knobs on a FAT disk instead of the SMBIOS OEM
# string: the path of a lab machine without OEM strings (tools/gen-grubcfg.c).
# --module FILE: a MADT for the image to use instead of the firmware's (docs/hardware.md, "A MADT
# from the stick"). With --kernel it is QEMU's -initrd (a multiboot1 module); with --iso it goes
# on the knobs disk, whose /smpscope.knobs adds the menu entry a user's `e` edit gives: the
# multiboot2 line with the knobs, then `module2` with the file. The ISO stays as built. A FILE.dsl
# (iasl's table source, tests/data/field) is compiled with iasl first, as a user would.
# --stick IMG: IMG (a copy of build/smpscope.img) as the USB stick booted from (qemu-xhci,
# usb-storage), as a user boots it; the image saves the previous boot's log into its slots
# (docs/report.md, "Slots"). --knobs-disk IMG (with --iso or --stick): a FAT disk the caller
# holds /smpscope.knobs on, and may rewrite between boots; --knobs is then ignored. --qmp
# SOCKET: QEMU's machine protocol there, for a caller that resets the machine itself
# (tests/e2e/stick.py): a reset, the guest's or QMP's, then restarts it with its RAM kept
# instead of ending QEMU. --stick-blkdebug RULES: the stick through QEMU's blkdebug driver with
# that rules file, to make its writes fail.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/exitcodes.sh"

# --reboot: a reset (the guest's, or QMP's system_reset) boots again in the same QEMU, which keeps
# what a reset keeps (machine-check banks: tests/e2e/machine.py), instead of ending it.
iso="" kernel="" smp="28,sockets=1,cores=14,threads=2" machine=q35 fw=bios knobs=""
# TCG emulates no PCID, x2APIC, TSC deadline, TSX or INVPCID: asking for them only warns.
cpu="Haswell,-pcid,-x2apic,-tsc-deadline,-hle,-invpcid,-rtm"
mem=512 log="" timeout=0 interactive=0 accel=tcg until_verdict=0 serial=1 screendump=""
noreboot=-no-reboot
gfxpayload="" module="" vgadump="" stick="" knobs_disk="" qmp="" blkdebug=""
while [ $# -gt 0 ]; do
	case $1 in
	--iso) iso=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--machine) machine=$2; shift 2 ;;
	--fw) fw=$2; shift 2 ;;
	--knobs) knobs=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--interactive) interactive=1; shift ;;
	--until-verdict) until_verdict=1; shift ;;
	--no-serial) serial=0; shift ;;
	--screendump) screendump=$(realpath -m "$2"); shift 2 ;;
	--gfxpayload) gfxpayload=$2; shift 2 ;;
	--reboot) noreboot=; shift ;;
	--module) module=$(realpath "$2") || exit 2; shift 2 ;;
	--vgadump) vgadump=$(realpath -m "$2"); shift 2 ;;
	--stick) stick=$2; shift 2 ;;
	--knobs-disk) knobs_disk=$2; shift 2 ;;
	--qmp) qmp=$2; shift 2 ;;
	--stick-blkdebug) blkdebug=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "qemu-run: unknown option '$1'" >&2; exit 2 ;;
	esac
done

# Scratch files (the knobs disk, the monitor's FIFOs), gone when this script ends.
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

if [ "${module%.dsl}" != "$module" ]; then
	aml="$tmp/$(basename "$module" .dsl)"
	iasl -p "$aml" "$module" >"$tmp/iasl.log" 2>&1 ||
		{ echo "qemu-run: iasl could not compile $module:" >&2; cat "$tmp/iasl.log" >&2; exit 2; }
	module=$aml.aml
fi

case $machine in q35|pc) ;; *) echo "qemu-run: MACHINE must be q35 or pc, not '$machine'" >&2; exit 2 ;; esac
args=(qemu-system-x86_64 -M "$machine" -accel "$accel" -cpu "$cpu" -smp "$smp" -m "$mem"
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -display none -nic none)
# A caller with QMP resets the machine itself: a reset must restart it with its RAM kept, not
# end QEMU (with -no-reboot even QMP's system_reset ends it). --reboot: a reset restarts too.
[ -n "$qmp" ] && args+=(-qmp "unix:$qmp,server=on,wait=off") || args+=($noreboot)
if [ -n "$kernel" ]; then
	# multiboot1 straight from QEMU; qboot is the quickest firmware to get there. --fw seabios
	# takes SeaBIOS instead, whose VGA BIOS sets up text mode (qboot leaves VGA alone, so its
	# text memory reads back blank: --vgadump wants SeaBIOS).
	case $fw in
	bios) args+=(-bios /usr/share/qemu/qboot.rom) ;;
	seabios) ;;
	*) echo "qemu-run: FW must be bios or seabios with --kernel, not '$fw'" >&2; exit 2 ;;
	esac
	args+=(-kernel "$kernel" -append "$knobs")
	# QEMU reads commas in -initrd as a list of modules.
	[ -z "$module" ] || args+=(-initrd "$module")
elif [ -n "$iso" ] || [ -n "$stick" ]; then
	case $fw in
	bios|seabios) ;;
	uefi) args+=(-bios /usr/share/qemu/OVMF.fd) ;;
	*) echo "qemu-run: FW must be bios or uefi, not '$fw'" >&2; exit 2 ;;
	esac
	if [ -n "$stick" ]; then
		drive="if=none,id=stick,format=raw,file=$stick"
		[ -z "$blkdebug" ] || drive="if=none,id=stick,format=raw,file.driver=blkdebug"
		[ -z "$blkdebug" ] || drive="$drive,file.config=$blkdebug,file.image.filename=$stick"
		args+=(-device qemu-xhci -drive "$drive" -device usb-storage,drive=stick,bootindex=0)
	else
		args+=(-cdrom "$iso" -boot d)
	fi
	if [ -n "$knobs_disk" ]; then
		args+=(-drive "if=none,id=knobs,format=raw,file=$knobs_disk" -device ide-hd,drive=knobs)
	elif [ -n "$module" ]; then
		mod=$(basename "$module")
		# GRUB script, sourced by grub.cfg before its menu: the entry a user's `e` edit makes.
		# GRUB hands the image what follows the path as the module's string: its name.
		cat >"$tmp/smpscope.knobs" <<GRUB
export smpscope_kdev
menuentry "smpscope with the MADT in $mod" --id madt-module {
	multiboot2 /boot/smpscope.elf $knobs
	module2 (\$smpscope_kdev)/$mod $mod
	set gfxpayload=\$smpscope_gfxpayload
	boot
}
set default=madt-module
set timeout=0
GRUB
		mformat -i "$tmp/knobs.img" -C -f 1440 :: &&
			mcopy -i "$tmp/knobs.img" "$tmp/smpscope.knobs" ::/smpscope.knobs &&
			mcopy -i "$tmp/knobs.img" "$module" "::/$mod" || exit 2
		args+=(-drive "file=$tmp/knobs.img,format=raw,if=ide,index=1")
	elif [ -n "$gfxpayload" ]; then
		printf 'set smpscope_oem="smpscope:%s"\nset smpscope_gfxpayload="%s"\n' \
			"$knobs" "$gfxpayload" >"$tmp/smpscope.knobs"
		mformat -i "$tmp/knobs.img" -C -f 1440 :: &&
			mcopy -i "$tmp/knobs.img" "$tmp/smpscope.knobs" ::/smpscope.knobs || exit 2
		args+=(-drive "file=$tmp/knobs.img,format=raw,if=ide,index=1")
	elif [ -n "$knobs" ]; then
		# A comma inside an SMBIOS value is written twice.
		args+=(-smbios "type=11,value=smpscope:${knobs//,/,,}")
	fi
else
	echo "qemu-run: give --iso, --kernel or --stick" >&2
	exit 2
fi

if [ "$interactive" = 1 ]; then
	args+=(-serial mon:stdio)
	echo "qemu-run: ${args[*]}" >&2
	echo "qemu-run: the serial console follows; Ctrl-A X quits QEMU" >&2
	"${args[@]}" "$@"
else
	[ -n "$log" ] || { echo "qemu-run: --log FILE is needed without --interactive" >&2; exit 2; }
	if [ "$serial" = 1 ]; then
		args+=(-serial "file:$log")
	else
		: >"$log"
		args+=(-serial none -debugcon "file:$log")
	fi
	if [ -n "$screendump$vgadump" ]; then
		[ "$until_verdict" = 1 ] || { echo "qemu-run: --screendump and --vgadump need --until-verdict" >&2; exit 2; }
		# The monitor on two FIFOs this script holds open, so QEMU's opens never block.
		mkfifo "$tmp/mon.in" "$tmp/mon.out" || exit 2
		exec 7<>"$tmp/mon.in" 8<>"$tmp/mon.out"
		args+=(-monitor "pipe:$tmp/mon")
		rm -f "$screendump" "$vgadump"
		at_verdict() {
			[ -z "$screendump" ] || screendump_now "$screendump" 7
			[ -z "$vgadump" ] || vgadump_now "$vgadump" 7
		}
	else
		args+=(-monitor none)
	fi
	[ "$timeout" -gt 0 ] || timeout=600
	if [ "$until_verdict" = 1 ]; then
		run_until_verdict "$timeout" "$log" "${args[@]}" "$@"
		exit $?
	fi
	timeout --kill-after=5 "$timeout" "${args[@]}" "$@" </dev/null >"$log.qemu" 2>&1
fi
map_qemu_status $? "$log"
