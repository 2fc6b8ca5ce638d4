#!/bin/sh
# Installs the Debian packages a target needs and are missing (as root), or says
# which apt-get line to run. Usage: tools/deps.sh build|run|check|fuzz|bench|load
set -eu
need=build
[ $# -gt 0 ] && need=$1

missing=""
want() { # want PACKAGE TEST...
	pkg=$1
	shift
	if ! "$@" >/dev/null 2>&1; then
		missing="$missing $pkg"
	fi
}
have() { command -v "$1"; }
file() { test -e "$1"; }

want gcc have gcc
want make have make
want binutils have ld
want nasm have nasm
want grub-common have grub-mkrescue
want grub-pc-bin file /usr/lib/grub/i386-pc/multiboot2.mod
want grub-efi-amd64-bin file /usr/lib/grub/x86_64-efi/multiboot2.mod
want xorriso have xorriso
want mtools have mformat
# UEFI's types for the stick save under UEFI (boot/efi_types.h)
want gnu-efi file /usr/include/efi/efi.h
# the framebuffer console's font (Makefile's FONT)
want console-data file /usr/share/consolefonts/default8x16.psf.gz
if [ "$need" != build ] && [ "$need" != fuzz ]; then
	want qemu-system-x86 have qemu-system-x86_64
	want qemu-system-data file /usr/share/qemu/qboot.rom
	want ovmf file /usr/share/OVMF/OVMF_CODE.fd
fi
if [ "$need" = check ] || [ "$need" = run ] || [ "$need" = bench ]; then
	# bochs needs a GUI plugin package; the terminal one keeps wxWidgets off the machine.
	want "bochs bochs-term" have bochs
	want bochsbios file /usr/share/bochs/BIOS-bochs-latest
	want vgabios file /usr/share/vgabios/vgabios-cirrus.bin
fi
if [ "$need" = bench ]; then
	want python3 have python3
	want dpkg have dpkg-deb
fi
if [ "$need" = check ]; then
	want libc6-dev file /usr/include/stdio.h
	want clang-format have clang-format
	want python3 have python3
	# the report suite: the parser under valgrind, the SVG timeline rendered by a browser
	want valgrind have valgrind
	want chromium have chromium
	# the field group: its MADTs are iasl sources (tests/data/field, docs/field.md)
	want acpica-tools have iasl
	# the kunit suite: Linux's KTAP parser, unpacked from linux-source-6.12 (tools/kunit-fetch.sh)
	want dpkg have dpkg-deb
	want xz-utils have xz
	# the lava-pattern suite: LAVA's monitors read the console through pexpect
	want python3-pexpect python3 -c "import pexpect"
fi
if [ "$need" = load ]; then
	# make check-under-load: keeps every core busy while make check runs
	want stress-ng have stress-ng
fi
if [ "$need" = fuzz ]; then
	want clang have clang
	want libclang-rt-14-dev file /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
fi

[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
	exit 0
fi
echo "deps: missing Debian packages. Run as root:" >&2
echo "  apt-get install$missing" >&2
exit 1
