#!/bin/sh
# Writes BUILD/smpscope.img: the ISO's tree (BUILD/iso) as grub-mkrescue makes it, plus a FAT
# partition labelled SMPSCOPE for the logs, appended as GPT entry 4 by xorriso. Its folder
# smpscope/ holds the slot files, each one run of clusters (mtools allocates in order on a
# fresh FAT; gen-stickindex checks it), and index.bin listing them (docs/report.md, "Slots").
#   tools/mkstick.sh BUILD
set -eu
b=$1
gen=$b/host/gen-stickindex
tmp=$b/stick
# 64 MiB, 4 KiB clusters: FAT16, whose folder smpscope/ fits in its first cluster.
sectors=131072
cluster=4096
eval "$("$gen" --params)"
rm -rf "$tmp"
mkdir -p "$tmp"
fat=$tmp/fat.img
mformat -i "$fat" -C -T $sectors -h 64 -s 32 -c $((cluster / 512)) -v "$label" -N "$volume_id" ::
mmd -i "$fat" ::/smpscope
dd if=/dev/zero of="$tmp/slot" bs="$slot_bytes" count=1 status=none
i=0
while [ $i -lt "$slots" ]; do
	mcopy -i "$fat" "$tmp/slot" "$(printf '::/smpscope/slot-%02d.log' $i)"
	i=$((i + 1))
done
i=0
while [ $i -lt "$slots" ]; do
	mshowfat -i "$fat" "$(printf '::/smpscope/slot-%02d.log' $i)"
	i=$((i + 1))
done | "$gen" $cluster >"$tmp/index.bin"
mcopy -i "$fat" "$tmp/index.bin" ::/smpscope/index.bin
grub-mkrescue -o "$b/smpscope.img.tmp" "$b/iso" -append_partition 2 0x0c "$fat" \
	-appended_part_as_gpt 2>"$b/mkstick.log" || { cat "$b/mkstick.log"; exit 1; }
mv "$b/smpscope.img.tmp" "$b/smpscope.img"
rm -f "$tmp/slot"
