/* SPDX-License-Identifier: MIT */
/* Changes to the identity map that boot/entry.asm built. */
#include <stddef.h>
#include <stdint.h>

#include "../include/hw/paging.h"
#include "cpustate.h"
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

/*
 * UEFI firmware may put ACPI tables above 4 GiB (XSDT entries are 64-bit).
 * Each GiB they touch gets an identity-mapped page directory of 2 MiB pages,
 * read-only and made on first use; PML4[0] covers the first 512 GiB.
 */
#define HIGH_PDS 4

static uint64_t high_pd[HIGH_PDS][512] __attribute__((aligned(4096), section(".bss.page_tables")));
static unsigned high_used;

int paging_map_identity(uint64_t addr, size_t len)
{
	uint64_t *pdpt = (uint64_t *)(uintptr_t)(pml4[0] & PTE_ADDR_MASK_4K);
	uint64_t last = addr + (len ? len : 1) - 1;

	if (last < addr || last >= (512ull << 30) || last >> cpu_phys_bits())
		return -1;
	for (uint64_t g = addr >> 30; g <= last >> 30; g++) {
		uint64_t *pd;

		if (pdpt[g] & PTE_P)
			continue;
		if (high_used >= HIGH_PDS)
			return -1;
		pd = high_pd[high_used++];
		for (uint64_t i = 0; i < 512; i++)
			pd[i] = (g << 30 | i << 21) | PTE_P | PTE_PS;
		/* A not-present entry is never cached, so no flush is needed. */
		pdpt[g] = (uint64_t)(uintptr_t)pd | PTE_P;
	}
	return 0;
}

/*
 * A device's registers (an MMIO UART, console/console.c) wherever they lie
 * below 512 GiB: each 2 MiB page they touch is made writable and uncached.
 * PCD|PWT selects PAT entry 3, UC in the power-on PAT (the image never
 * writes the PAT), and UC there wins over whatever the MTRRs say for the
 * range: no register read is served from a cache, no write is combined or
 * held back.
 */
int paging_map_mmio(uint64_t addr, size_t len)
{
	uint64_t *pdpt = (uint64_t *)(uintptr_t)(pml4[0] & PTE_ADDR_MASK_4K);
	uint64_t last = addr + len - 1;

	if (len == 0 || paging_map_identity(addr, len))
		return -1;
	for (uint64_t p = addr & ~(uint64_t)(PAGE_SIZE_2M - 1); p <= last; p += PAGE_SIZE_2M) {
		uint64_t *pd = (uint64_t *)(uintptr_t)(pdpt[p >> 30] & PTE_ADDR_MASK_4K);

		pd[(p >> 21) & 511] |= PTE_RW | PTE_PCD | PTE_PWT;
		__asm__ volatile("invlpg (%0)" ::"r"(p) : "memory");
	}
	return 0;
}
