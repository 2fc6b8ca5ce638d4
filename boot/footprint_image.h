/* SPDX-License-Identifier: MIT */
/*
 * This image's footprint (boot/footprint.h) on the machine it boots on: its
 * sections where the loader put them, the lastlog slots, and the buffers it
 * places from the memory map (docs/layout.md, "Memory").
 */
#ifndef SMPSCOPE_BOOT_FOOTPRINT_IMAGE_H
#define SMPSCOPE_BOOT_FOOTPRINT_IMAGE_H

#include "../console/lastlog.h"
#include "../arch/bootinfo.h"
#include "footprint.h"

/*
 * Lists every region and places the buffers; writes nothing but the plan.
 * lastlog_addr: lastlog=ADDR, or 0 for the default places. Returns the failures.
 */
unsigned footprint_check(const struct bootinfo *bi, uint64_t lastlog_addr);
/* The lastlog places of the plan, the one this boot writes first; mem NULL where not free RAM. */
unsigned footprint_lastlog_places(struct lastlog_place out[LASTLOG_PLACES_MAX]);
/* One `ev=footprint` line per region. */
void footprint_log(void);
/*
 * With every region ok, moves the event ring and gives the APs their
 * stacks. Otherwise nothing is touched: a KTAP case "footprint" names each
 * region and the map entry it collides with, and the machine exits.
 */
void footprint_enforce(void);
/* A region of the plan by name, or NULL before footprint_check(). */
const struct fp_region *footprint_region(const char *name);
/* Where the BIOS's area below 1 MiB was taken to begin (footprint_bios_area), 0 before. */
uint64_t footprint_bios_area_found(void);

#endif
