/* SPDX-License-Identifier: MIT */
#include "footprint_image.h"

#include "../console/ktap.h"
#include "../console/log.h"
#include "../console/ring.h"
#include "../lib/fmt.h"
#include "../lib/string.h"
#include "exit.h"

extern const char __load_start[], __data_start[], __load_end[], __bss_end[];
extern const char __page_tables_start[], __page_tables_end[], boot_stack[], boot_stack_top[];

#define ADDR(s) ((uint64_t)(uintptr_t)(s))

static struct footprint plan;
static int planned;

unsigned footprint_check(const struct bootinfo *bi, uint64_t lastlog_addr)
{
	const struct image_layout l = {
		.load_start = ADDR(__load_start),
		.data_start = ADDR(__data_start),
		.load_end = ADDR(__load_end),
		.bss_end = ADDR(__bss_end),
		.page_tables_start = ADDR(__page_tables_start),
		.page_tables_end = ADDR(__page_tables_end),
		.boot_stack = ADDR(boot_stack),
		.boot_stack_top = ADDR(boot_stack_top),
	};

	planned = 1;
	return footprint_image_plan(&plan, &l, bi, &phys_identity, lastlog_addr);
}

uint64_t footprint_bios_area_found(void)
{
	return planned ? plan.bios_area : 0;
}

unsigned footprint_lastlog_places(struct lastlog_place out[LASTLOG_PLACES_MAX])
{
	unsigned n = 0;

	for (unsigned i = 0; i < plan.n && n < LASTLOG_PLACES_MAX; i++) {
		const struct fp_region *r = &plan.r[i];

		if (strncmp(r->name, "lastlog", 7) != 0)
			continue;
		out[n].addr = r->start;
		/* Free RAM below FOOTPRINT_CEILING, identity-mapped: read and written in place. */
		out[n].mem = r->how == FP_FIXED && r->ok && r->end <= FOOTPRINT_CEILING
				     ? (void *)(uintptr_t)r->start
				     : NULL;
		n++;
	}
	return n;
}

void footprint_log(void)
{
	for (unsigned i = 0; i < plan.n; i++) {
		const struct fp_region *r = &plan.r[i];
		char where[96] = "";

		if (!r->ok || r->map_type != MMAP_RAM)
			fmt_buf(where, sizeof(where), " map_type=%u map_base=%#llx map_end=%#llx",
				r->map_type, (unsigned long long)r->map_base,
				(unsigned long long)r->map_end);
		ev(EV_FOOTPRINT, "region=%s how=%s start=%#llx end=%#llx map=%s%s ok=%d", r->name,
		   footprint_how_name(r->how), (unsigned long long)r->start,
		   (unsigned long long)r->end, footprint_map_name(r->map_type), where, r->ok);
	}
}

/* A KTAP check name from a region name: letters, digits and '_' only. */
static void check_name(const char *name, char *out, size_t size)
{
	size_t i = 0;

	for (; name[i] && i + 1 < size; i++)
		out[i] = name[i] == '-' ? '_' : name[i];
	out[i] = '\0';
}

static void __attribute__((noreturn)) refuse(void)
{
	ktap_case_begin("footprint");
	for (unsigned i = 0; i < plan.n; i++) {
		const struct fp_region *r = &plan.r[i];
		char name[32];

		if (r->ok)
			continue;
		check_name(r->name, name, sizeof(name));
		if (r->how == FP_LOADER)
			ktap_check(0, name, "%s: %s", r->name, r->why);
		else if (r->how == FP_PLACED)
			ktap_check(0, name,
				   "%s: %#llx bytes %s, between %#llx and %#llx; the largest RAM "
				   "entry is %#llx-%#llx",
				   r->name, (unsigned long long)r->size, r->why,
				   (unsigned long long)r->floor, (unsigned long long)r->ceiling,
				   (unsigned long long)r->map_base, (unsigned long long)r->map_end);
		else
			ktap_check(0, name, "%s %#llx-%#llx %s: %s %#llx-%#llx", r->name,
				   (unsigned long long)r->start, (unsigned long long)r->end, r->why,
				   footprint_map_name(r->map_type), (unsigned long long)r->map_base,
				   (unsigned long long)r->map_end);
	}
	ktap_case_end();
	machine_exit(0);
}

void footprint_enforce(void)
{
	const struct fp_region *ring = footprint_region("ring");

	for (unsigned i = 0; i < plan.n; i++)
		if (!plan.r[i].ok)
			refuse();
	ring_move((char *)(uintptr_t)ring->start, RING_SIZE);
}

const struct fp_region *footprint_region(const char *name)
{
	return planned ? footprint_find(&plan, name) : NULL;
}
