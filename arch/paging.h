/* SPDX-License-Identifier: MIT */
/*
 * Changes to the identity map boot/entry.asm builds (arch/pagefit.c types it
 * from the memory map): uncached MMIO, the framebuffer, and pages above 4 GiB.
 * The memory types it gives each range are listed in docs/hardware.md,
 * "Memory types".
 */
#ifndef SMPSCOPE_ARCH_PAGING_H
#define SMPSCOPE_ARCH_PAGING_H

#include <stddef.h>
#include <stdint.h>

#include "memmap.h"
#include "cpustate.h"

/*
 * The image's PAT: the power-on one with entry 4 write-combining (for the framebuffer).
 * The BSP writes it at boot and every AP copies the BSP's (boot/ap_trampoline.asm).
 * Returns 0 when the CPU has no PAT.
 */
#define PAT_IMAGE ((PAT_POWER_ON & ~(0xffull << 32)) | PAT_TYPE_WC << 32)
int paging_pat_setup(void);

/* The memory map and the BSP's MTRRs, which type every page made from now on. */
void paging_set_memmap(const struct mmap_entry *m, unsigned n, const struct cpu_state *bsp);
const struct mmap_entry *paging_memmap(unsigned *n);

/* Makes the page holding addr uncached (for MMIO outside 0xFE000000-4G); -1 above 4 GiB. */
int paging_set_uncached(uint64_t addr);

/*
 * Identity-maps the 2 MiB pages [addr, addr + len) touches above 4 GiB, read-only:
 * write-back where the memory map says memory and the MTRRs one type, else uncached.
 * -1 when it cannot.
 */
int paging_map_identity(uint64_t addr, size_t len);

/* Identity-maps [addr, addr + len) writable and uncached, below 512 GiB; -1 when it cannot. */
int paging_map_mmio(uint64_t addr, size_t len);
/*
 * Maps the 2 MiB pages holding a framebuffer writable, write-combining when asked and the
 * CPU has a PAT, else uncached. Returns 1 (write-combining), 0 (uncached) or -1 (unmapped).
 */
int paging_map_framebuffer(uint64_t addr, size_t len, int want_wc);

/* The page directory of the GiB holding addr, NULL when there is none (pagefit.c walks them). */
uint64_t *paging_pd_of(uint64_t addr);

#endif
