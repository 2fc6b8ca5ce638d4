/* SPDX-License-Identifier: MIT */
/*
 * The identity map below 4 GiB typed page by page from the loader's memory map
 * and the BSP's MTRRs, and read back for the audit (docs/hardware.md, "Memory types").
 */
#ifndef SMPSCOPE_ARCH_PAGEFIT_H
#define SMPSCOPE_ARCH_PAGEFIT_H

#include <stdint.h>

#include "bootinfo.h"

/*
 * Write-back where the map says memory and the MTRRs give the 2 MiB page one type; a page
 * with some of both split into 4 KiB pages, each write-back over memory, uncached over the
 * rest; a page with no memory uncached. Without a map nothing changes.
 */
void paging_fit(const struct bootinfo *bi);

/* Calls fn for every page the image maps: its physical range and PAT type under pat. */
typedef void (*paging_leaf_fn)(uint64_t start, uint64_t size, unsigned type, void *ctx);
void paging_walk(uint64_t pat, paging_leaf_fn fn, void *ctx);

/* fault=memtype: the 4 KiB page at LEGACY_HOLE_BASE (VGA memory) made write-back. */
void paging_break_memtype(void);

#endif
