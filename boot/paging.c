/* SPDX-License-Identifier: MIT */
/* Changes to the identity map that boot/entry.asm built. */
#include <stdint.h>

#include "../include/hw/paging.h"
#include "physmap.h"

extern uint64_t pml4[];

int paging_set_uncached(uint64_t addr)
{
	uint64_t *pdpt, *pd;

	if (addr >= (4ull << 30))
		return -1;
	pdpt = (uint64_t *)(uintptr_t)(pml4[0] & PTE_ADDR_MASK_4K);
	pd = (uint64_t *)(uintptr_t)(pdpt[addr >> 30] & PTE_ADDR_MASK_4K);
	pd[(addr >> 21) & 511] |= PTE_PCD | PTE_PWT;
	__asm__ volatile("invlpg (%0)" ::"r"(addr & ~(uint64_t)(PAGE_SIZE_2M - 1)) : "memory");
	return 0;
}
