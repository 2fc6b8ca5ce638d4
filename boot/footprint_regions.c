/* SPDX-License-Identifier: MIT */
/* The list of this image's regions, apart from its linker symbols so a unit test can feed it. */
#include "../console/lastlog.h"
#include "../console/ring.h"
#include "../include/hw/bios.h"
#include "ap_layout.h"
#include "footprint.h"

#define PAGE 0x1000

static const char *const lastlog_names[LASTLOG_PLACES_MAX] = { "lastlog", "lastlog-alt1",
							       "lastlog-alt2", "lastlog-alt3" };

_Static_assert(TRAMP_CEILING >> 12 <= 0xa0, "a SIPI vector of 0xA0-0xBF is reserved");
_Static_assert(BIOS_AREA_MAX <= TRAMP_CEILING, "the BIOS's area ends the trampoline's window");

uint64_t footprint_bios_area(const struct physmap *pm)
{
	const uint8_t *kb = phys(pm, BDA_BASE_MEMORY_KB, 2), *seg = phys(pm, BDA_EBDA_SEGMENT, 2);
	uint64_t start = kb ? (uint64_t)get16(kb) << 10 : 0;
	uint64_t ebda = seg ? (uint64_t)get16(seg) << 4 : 0;

	if (start < BIOS_AREA_MIN || start > BIOS_AREA_MAX)
		start = BIOS_AREA_MAX;
	if (ebda >= BIOS_AREA_MIN && ebda < start)
		start = ebda;
	return start;
}

void footprint_image_regions(struct footprint *fp, const struct image_layout *l,
			     const uint64_t *places, unsigned n, uint64_t bios_area)
{
	footprint_init(fp);
	footprint_fixed(fp, "code", FP_IMAGE, l->load_start, l->data_start, 0);
	footprint_fixed(fp, "data", FP_IMAGE, l->data_start, l->load_end, 0);
	footprint_fixed(fp, "bss", FP_IMAGE, l->load_end, l->bss_end, 0);
	footprint_fixed(fp, "page-tables", FP_IMAGE, l->page_tables_start, l->page_tables_end, 0);
	footprint_fixed(fp, "boot-stack", FP_IMAGE, l->boot_stack, l->boot_stack_top, 0);
	/*
	 * Optional: where one is not free RAM, it is left alone. The others are
	 * in the footprint too, though only read and marked: the buffers placed
	 * below must not overwrite an earlier boot's log there.
	 */
	for (unsigned i = 0; i < n && i < LASTLOG_PLACES_MAX; i++)
		footprint_fixed(fp, lastlog_names[i], FP_FIXED, places[i],
				places[i] + LASTLOG_REGION_SIZE, 1);
	footprint_buffer(fp, "ap-stacks", (uint64_t)AP_MAX_TICKETS * AP_STACK_SIZE, PAGE,
			 FOOTPRINT_FLOOR, FOOTPRINT_CEILING, 0);
	footprint_buffer(fp, "ring", RING_SIZE, PAGE, FOOTPRINT_FLOOR, FOOTPRINT_CEILING, 0);
	footprint_buffer(fp, "trampoline", TRAMP_LOW_SIZE, PAGE, TRAMP_LOWEST,
			 bios_area < TRAMP_CEILING ? bios_area : TRAMP_CEILING, 1);
	fp->bios_area = bios_area;
}

unsigned footprint_image_plan(struct footprint *fp, const struct image_layout *l,
			      const struct bootinfo *bi, const struct physmap *pm,
			      uint64_t lastlog_addr)
{
	uint64_t places[LASTLOG_PLACES_MAX], order[LASTLOG_PLACES_MAX];
	uint64_t bios_area = footprint_bios_area(pm);
	unsigned n = lastlog_places(lastlog_addr, places);
	/* lastlog=ADDR is that place or none; by default each place in turn may be the one. */
	unsigned tries = lastlog_addr ? 1 : n;

	for (unsigned t = 0; t < tries; t++) {
		unsigned bad, k = 1;

		order[0] = places[t];
		for (unsigned i = 0; i < n; i++)
			if (i != t)
				order[k++] = places[i];
		footprint_image_regions(fp, l, order, n, bios_area);
		bad = footprint_plan(fp, bi);
		if (footprint_find(fp, "lastlog")->how == FP_FIXED)
			return bad;
	}
	footprint_image_regions(fp, l, places, n, bios_area);
	return footprint_plan(fp, bi);
}
