#!/bin/sh
# The properties of the ELF that the loaders rely on; a build that breaks one fails here.
set -eu
elf=$1
if ! grub-file --is-x86-multiboot2 "$elf"; then
	echo "check-image: $elf is not a valid multiboot2 image (grub-file)" >&2
	exit 1
fi
if ! grub-file --is-x86-multiboot "$elf"; then
	echo "check-image: $elf is not a valid multiboot1 image (grub-file)" >&2
	exit 1
fi
loads=$(readelf -lW "$elf" | grep -c ' LOAD ')
if [ "$loads" != 1 ]; then
	echo "check-image: $elf has $loads LOAD segments; QEMU's multiboot1 loader needs exactly 1" >&2
	exit 1
fi
