# Sourced by the runners: QEMU's exit status from isa-debug-exit, turned into a verdict.
# Keep in step with include/exitcode.h (pass 0x10 -> 33, fail 0x11 -> 35).
map_qemu_status() { # map_qemu_status STATUS LOG
	case $1 in
	33) return 0 ;;
	35) return 1 ;;
	124|137) echo "qemu-run: timed out; serial log: ${2:-terminal}" >&2; return 2 ;;
	*) echo "qemu-run: QEMU ended with status $1 before the image wrote a verdict; serial log: ${2:-terminal}" >&2
	   return 2 ;;
	esac
}
