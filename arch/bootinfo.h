/* SPDX-License-Identifier: MIT */
/* What the boot loader told us, copied out of its multiboot structures and checked. */
#ifndef SMPSCOPE_BOOT_BOOTINFO_H
#define SMPSCOPE_BOOT_BOOTINFO_H

#include <stdint.h>

#include "../lib/diag.h"
#include "memmap.h"
#include "physmap.h"

#define MB1_BOOT_MAGIC 0x2BADB002u
#define MB2_BOOT_MAGIC 0x36d76289u

#define BOOTINFO_CMDLINE_MAX 2048
#define BOOTINFO_MMAP_MAX    128
/* Beyond this a multiboot2 info block is not believed: GRUB's, with an EFI map, is a few KiB. */
#define MB2_INFO_MAX (1u << 20)

/*
 * Memory the loader handed over (its info block and what it points to, and
 * any module): read only, and kept out of every placement (boot/footprint.c).
 */
#define BOOTINFO_KEEP_MAX 16

struct loader_range {
	uint64_t base, end;
	const char *what; /* "boot-info", "boot-info-mmap", ..., "module" */
};

/*
 * A module the loader loaded (multiboot2 module2, multiboot1 module, QEMU -initrd): where it
 * lies and its string, the file's path as GRUB and QEMU pass it (apic/madt_module.c reads a
 * MADT from one, docs/hardware.md "A MADT from the stick").
 */
#define BOOTINFO_MODS_MAX   4
#define BOOTINFO_MODARG_MAX 96

struct boot_module {
	uint64_t start, end;
	char string[BOOTINFO_MODARG_MAX];
};

enum fb_type { FB_NONE = -1, FB_INDEXED = 0, FB_RGB = 1, FB_EGA_TEXT = 2 };

struct bootinfo {
	int proto; /* 1 or 2; 0 when the magic was neither */
	char cmdline[BOOTINFO_CMDLINE_MAX];
	char loader[96];
	int has_meminfo;
	uint32_t mem_lower_kb, mem_upper_kb;
	unsigned nmmap, mmap_dropped;
	struct mmap_entry mmap[BOOTINFO_MMAP_MAX];
	int rsdp_tag; /* 0 none, 14 ACPI 1.0 copy, 15 ACPI 2.0+ copy */
	uint8_t rsdp[36];
	int fb_type;
	uint64_t fb_addr;
	uint32_t fb_pitch, fb_width, fb_height;
	uint8_t fb_bpp;
	/* FB_RGB: each colour's bit position and width in a pixel (red, green, blue). */
	uint8_t fb_rgb[6];
	int efi; /* the loader passed EFI tags: there is no legacy VGA to count on */
	/* Boot services kept (multiboot2 tag 18); the EFI system table (12), image (20). */
	int efi_bs;
	uint64_t efi_st, efi_ih;
	/* The BIOS drive the loader booted from (tag 5). */
	int has_bootdev;
	uint32_t bootdev;
	unsigned nmods, mods_dropped;
	struct boot_module mods[BOOTINFO_MODS_MAX];
	unsigned nkeep, keep_dropped;
	struct loader_range keep[BOOTINFO_KEEP_MAX];
	struct diag problems;
};

/* Notes a module; past BOOTINFO_MODS_MAX it is counted in mods_dropped (and still kept out of). */
void bootinfo_module(struct bootinfo *bi, uint64_t start, uint64_t end, const char *string,
		     size_t len);
/* Notes [base, base + len) as the loader's; past BOOTINFO_KEEP_MAX it is counted in keep_dropped.
 */
void bootinfo_keep(struct bootinfo *bi, uint64_t base, uint64_t len, const char *what);

#endif
