/* SPDX-License-Identifier: MIT */
/*
 * The boot disk as the stick save sees it, and its log partition found on
 * it (include/stick.h): the GPT, the FAT labelled SMPSCOPE, the folder
 * smpscope/, its index and the slot files it lists. Read only, through the
 * firmware's disk calls that boot/ wraps (boot/efi_disk.c, boot/int13.c);
 * pure C, so tests/unit/test_stick.c runs it on the built image's bytes.
 */
#ifndef SMPSCOPE_CONSOLE_STICKVOL_H
#define SMPSCOPE_CONSOLE_STICKVOL_H

#include <stddef.h>
#include <stdint.h>

#include "../include/stick.h"

/* A disk call's answer: 0, STICK_IO_PROTECTED, or the firmware's own error code. */
#define STICK_IO_PROTECTED 1u
/* The most sectors the save asks for in one call: the INT 13h bounce buffer holds them. */
#define STICK_IO_MAX 64u

struct stick_disk {
	uint64_t (*read)(void *ctx, uint64_t lba, uint32_t count, void *buf);
	uint64_t (*write)(void *ctx, uint64_t lba, uint32_t count, const void *buf);
	uint64_t (*flush)(void *ctx); /* NULL: the writes are done when write returns */
	void *ctx;
	uint32_t sector_size; /* bytes, as the firmware reports them */
	int read_only;	      /* the firmware says so before any write */
	char name[48];	      /* for the log: "INT 13h drive 0x80", "EFI Block I/O ..." */
};

struct stick_vol {
	unsigned part_no; /* its GPT entry, from 1 */
	uint64_t part_lba, part_sectors;
	uint32_t volume_id, cluster_sectors;
	uint64_t data_lba; /* cluster 2's first sector, on the disk */
	struct stick_index ix;
	uint64_t slot_lba[STICK_INDEX_MAX];	   /* each slot's first sector on the disk */
	const char *slot_refused[STICK_INDEX_MAX]; /* NULL, or why that slot is never written */
};

/*
 * Finds the log partition: returns 0 (SAVE_SAVED: found) or the enum
 * save_result saying why not, with why in words.
 */
int stick_find(const struct stick_disk *d, struct stick_vol *v, char *why, size_t n);
/* "slot-07.log" for slot 7. */
void stick_slot_name(unsigned slot, char *buf, size_t n);

#endif
