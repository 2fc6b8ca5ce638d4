/* SPDX-License-Identifier: MIT */
/* Changes to the identity map that boot/entry.asm built. */
#include <stdint.h>

#include "physmap.h"

#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)

extern uint64_t pml4[];

int paging_set_uncached(uint64_t addr)
{
	uint64_t *pdpt, *pd;

	if (addr >= (4ull << 30))
		return -1;
	pdpt = (uint64_t *)(uintptr_t)(pml4[0] & ~0xfffull);
	pd = (uint64_t *)(uintptr_t)(pdpt[addr >> 30] & ~0xfffull);
	pd[(addr >> 21) & 511] |= PTE_PCD | PTE_PWT;
	__asm__ volatile("invlpg (%0)" ::"r"(addr & ~0x1fffffull) : "memory");
	return 0;
}
