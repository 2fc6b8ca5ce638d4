/* SPDX-License-Identifier: MIT */
/* Changes to the identity map boot/entry.asm builds: uncached MMIO, and GiBs above 4 GiB. */
#ifndef SMPSCOPE_ARCH_PAGING_H
#define SMPSCOPE_ARCH_PAGING_H

#include <stddef.h>
#include <stdint.h>

/* Makes the 2 MiB page holding addr uncached (for MMIO outside 0xFE000000-4G); -1 above 4 GiB. */
int paging_set_uncached(uint64_t addr);

/* Identity-maps [addr, addr + len) above 4 GiB, read-only; -1 when it cannot. */
int paging_map_identity(uint64_t addr, size_t len);

/* Identity-maps [addr, addr + len) writable and uncached, below 512 GiB; -1 when it cannot. */
int paging_map_mmio(uint64_t addr, size_t len);
/*
 * Maps the 2 MiB pages holding a framebuffer writable, write-combining when asked and the
 * CPU has a PAT, else uncached. Returns 1 (write-combining), 0 (uncached) or -1 (unmapped).
 */
int paging_map_framebuffer(uint64_t addr, size_t len, int want_wc);

#endif
