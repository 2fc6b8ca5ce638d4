/* SPDX-License-Identifier: MIT */
/*
 * Memory types as the MTRRs, the PAT and the loader's memory map give them:
 * pure functions of what was read, so the host tests feed them crafted
 * states (docs/hardware.md, "Memory types").
 */
#ifndef SMPSCOPE_ARCH_MEMTYPE_H
#define SMPSCOPE_ARCH_MEMTYPE_H

#include <stdint.h>

#include "memmap.h"
#include "cpustate.h"

/* What the MTRRs say for one address (MEMTYPE_*, include/hw/msr.h). */
unsigned mtrr_type_at(const struct cpu_state *s, uint64_t addr);
/*
 * The MTRR type at start, and whether [start, end) has that type throughout.
 * MTRRs off (or none) make everything UC, as the SDM says.
 */
unsigned mtrr_type_range(const struct cpu_state *s, uint64_t start, uint64_t end, int *uniform);
/* The PAT entry a page's PWT, PCD and PAT bits select, and its type in pat. */
unsigned pat_type_of(uint64_t pat, int pwt, int pcd, int patbit);
/* The name of a memory type ("WB", "UC-", ...). */
const char *memtype_name(unsigned type);

/* How much of a range the memory map calls memory (RAM, ACPI reclaimable or NVS). */
enum mem_class { MEM_NONE, MEM_MIXED, MEM_ALL };
/*
 * MEM_ALL: memory entries cover the whole range and no entry of another type
 * touches it (a map may list a reserved range inside a RAM one); MEM_NONE: no
 * memory entry touches it.
 */
enum mem_class mem_class_of(const struct mmap_entry *m, unsigned n, uint64_t start, uint64_t end);

/* What memtype_judge finds wrong with one mapping of the image's page tables. */
enum memtype_conflict {
	MEMTYPE_OK,
	MEMTYPE_SPANS,	   /* a large page over several MTRR types, and not uncached */
	MEMTYPE_CACHED_IO, /* a cacheable type (WB, WT, WP) over what the map calls no memory */
};

/* One mapping [start, start + size) of PAT type pat_type against the MTRRs and the map. */
enum memtype_conflict memtype_judge(const struct cpu_state *s, const struct mmap_entry *m,
				    unsigned n, uint64_t start, uint64_t size, unsigned pat_type);

#endif
