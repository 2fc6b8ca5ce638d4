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

/* The low page for the trampoline: 0x8000 when free, else from 0x1000 up to the VGA hole. */
#define TRAMP_DEFAULT 0x8000
#define TRAMP_LOWEST  0x1000  /* below: the IVT and BDA (the warm-reset vector at 0x467) */
#define TRAMP_CEILING 0xa0000 /* a SIPI vector of 0xA0-0xBF is reserved; VGA and ROM anyway */
/* The large buffers go above 1 MiB and below 4 GiB, where the identity map is writable. */
#define FOOTPRINT_FLOOR	  0x100000ull
#define FOOTPRINT_CEILING 0x100000000ull

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

#endif
