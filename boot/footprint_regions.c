/* SPDX-License-Identifier: MIT */
/* The list of this image's regions, apart from its linker symbols so a unit test can feed it. */
#include "../console/persist.h"
#include "../console/ring.h"
#include "ap_layout.h"
#include "footprint.h"

#define PAGE 0x1000

void footprint_image_regions(struct footprint *fp, const struct image_layout *l)
{
	footprint_init(fp);
	footprint_fixed(fp, "code", FP_IMAGE, l->load_start, l->data_start, 0);
	footprint_fixed(fp, "data", FP_IMAGE, l->data_start, l->load_end, 0);
	footprint_fixed(fp, "bss", FP_IMAGE, l->load_end, l->bss_end, 0);
	footprint_fixed(fp, "page-tables", FP_IMAGE, l->page_tables_start, l->page_tables_end, 0);
	footprint_fixed(fp, "boot-stack", FP_IMAGE, l->boot_stack, l->boot_stack_top, 0);
	/* Optional: where the map does not show them as RAM, the log keeps no copy. */
	footprint_fixed(fp, "lastlog", FP_FIXED, PERSIST_BASE,
			PERSIST_BASE + 2ull * PERSIST_SLOT_SIZE, 1);
	footprint_buffer(fp, "ap-stacks", (uint64_t)AP_MAX_TICKETS * AP_STACK_SIZE, PAGE,
			 FOOTPRINT_FLOOR, FOOTPRINT_CEILING, 0);
	footprint_buffer(fp, "ring", RING_SIZE, PAGE, FOOTPRINT_FLOOR, FOOTPRINT_CEILING, 0);
	footprint_buffer(fp, "trampoline", TRAMP_LOW_SIZE, PAGE, TRAMP_LOWEST, TRAMP_CEILING,
			 TRAMP_DEFAULT);
}
