/* SPDX-License-Identifier: MIT */
/*
 * The image's footprint checked against the loader's memory map: every
 * region the image uses, and the map entry each falls in. The loaded image
 * is where the loader put it; the large buffers are placed here, from the
 * map, in RAM that nothing else uses (docs/layout.md, "Memory"). Pure C:
 * tests/unit/test_footprint.c feeds it OVMF's map.
 */
#ifndef SMPSCOPE_BOOT_FOOTPRINT_H
#define SMPSCOPE_BOOT_FOOTPRINT_H

#include <stdint.h>

#include "../arch/bootinfo.h"
#include "../arch/physmap.h"

enum fp_how {
	FP_IMAGE,  /* loaded by the loader: code, data, bss and what lies inside them */
	FP_FIXED,  /* a fixed address the image writes (the lastlog slots) */
	FP_PLACED, /* placed from the map by footprint_plan() */
	FP_LOADER, /* the loader's info and modules: read, never written, kept out of */
	FP_OFF,	   /* an optional fixed region that is not free RAM: left alone */
};

struct fp_region {
	const char *name;
	enum fp_how how;
	/* FP_FIXED only: not RAM, or overlapping a region at a known place, makes it FP_OFF */
	int optional;
	uint64_t start, end; /* FP_PLACED: 0, 0 until placed */
	/* FP_PLACED: the size asked for, its alignment, the window [floor, ceiling) */
	uint64_t size, align, floor, ceiling;
	int highest; /* FP_PLACED: the highest address that fits, not the lowest */
	/*
	 * The verdict. ok: the image may use it. Otherwise why names the
	 * trouble, and map_* the entry it collides with (map_type 0: a hole no
	 * entry covers; for a buffer that fits nowhere, the largest RAM entry).
	 */
	int ok;
	const char *why;
	uint32_t map_type;
	uint64_t map_base, map_end;
};

#define FP_MAX 32

struct footprint {
	unsigned n;
	struct fp_region r[FP_MAX];
	uint64_t bios_area; /* footprint_image_plan(): the trampoline's ceiling from the BDA */
};

void footprint_init(struct footprint *fp);
/* A region at a known place (FP_IMAGE or FP_FIXED). Returns its index, or -1 when full. */
int footprint_fixed(struct footprint *fp, const char *name, enum fp_how how, uint64_t start,
		    uint64_t end, int optional);
/*
 * A buffer to place: size bytes, aligned, inside [floor, ceiling), at the
 * lowest address that fits, or the highest when highest is set.
 */
int footprint_buffer(struct footprint *fp, const char *name, uint64_t size, uint64_t align,
		     uint64_t floor, uint64_t ceiling, int highest);
/*
 * Adds the loader's ranges (bi->keep), checks every region against the map
 * and places the buffers, in the order they were added, each at the lowest
 * (or highest) address that is RAM and free. Returns how many regions are not ok.
 */
unsigned footprint_plan(struct footprint *fp, const struct bootinfo *bi);
const struct fp_region *footprint_find(const struct footprint *fp, const char *name);
/* "ram", "reserved", "acpi", "nvs", "bad", "none" (no entry), or "other". */
const char *footprint_map_name(uint32_t type);
const char *footprint_how_name(enum fp_how how);

/*
 * The trampoline's low pages: the highest free ones below the BIOS's area
 * and above the first 64 KiB, as Linux places its real-mode trampoline
 * (docs/hardware.md, "The trampoline page"). Its SIPI vector is its page
 * number: below 0xA0000 it is at most 0x9F, never a reserved 0xA0-0xBF.
 */
#define TRAMP_LOWEST  0x10000 /* below: the IVT, the BDA, and what BIOSes were seen to clobber */
#define TRAMP_CEILING 0xa0000 /* VGA and ROM above; a SIPI vector of 0xA0-0xBF is reserved */
/* The large buffers go above 1 MiB and below 4 GiB, where the identity map is writable. */
#define FOOTPRINT_FLOOR	  0x100000ull
#define FOOTPRINT_CEILING 0x100000000ull

/* Where the linker put the image's parts (boot/linker.ld, boot/entry.asm). */
struct image_layout {
	uint64_t load_start, data_start, load_end, bss_end;
	uint64_t page_tables_start, page_tables_end, boot_stack, boot_stack_top;
};

/*
 * Where the BIOS's area below 1 MiB begins, by Linux's rule: the BDA's base
 * memory size, lowered to the EBDA's start; either out of 128 KiB-0x9F000
 * is not believed, and unreadable or bogus means 0x9F000.
 */
uint64_t footprint_bios_area(const struct physmap *pm);
/*
 * Every region this image uses, in the order footprint_plan() decides them:
 * the loaded image and what lies inside it, the lastlog places (optional:
 * "lastlog" at places[0], the one this boot writes, then "lastlog-alt1"...),
 * then the buffers placed from the map: AP stacks, event ring, and the
 * trampoline below bios_area. The image takes l from its linker symbols;
 * the unit test from a build.
 */
void footprint_image_regions(struct footprint *fp, const struct image_layout *l,
			     const uint64_t *places, unsigned n, uint64_t bios_area);
/*
 * The plan with the lastlog places of console/lastlog.h: lastlog_addr
 * (lastlog=ADDR) as "lastlog"; without it, the first default place that is
 * free RAM, the others as alternates. pm reaches the BDA (the image's
 * identity map; the unit test's fake memory). Returns how many regions are
 * not ok; fp->bios_area holds where the BIOS's area was taken to begin.
 */
unsigned footprint_image_plan(struct footprint *fp, const struct image_layout *l,
			      const struct bootinfo *bi, const struct physmap *pm,
			      uint64_t lastlog_addr);

#endif
