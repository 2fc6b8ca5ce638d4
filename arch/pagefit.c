/* SPDX-License-Identifier: MIT */
#include "pagefit.h"

#include "../include/hw/paging.h"
#include "cpu.h"
#include "cpustate.h"
#include "memtype.h"
#include "paging.h"

extern uint64_t pml4[], pt_low[];

/*
 * Page tables for the 2 MiB pages that hold memory and something else. A real
 * map splits a few (OVMF's under 4 GiB: about a dozen); past these the page is
 * uncached whole, which the SDM allows for a page over several types.
 */
#define FIT_TABLES 32

static uint64_t fit_pt[FIT_TABLES][512] __attribute__((aligned(4096), section(".bss.page_tables")));
static unsigned fit_used;
static struct cpu_state bsp;
/* Without a map: memory from 0 and from 1 MiB as the loader's meminfo counts it. */
static struct mmap_entry meminfo[2];

static uint64_t cached_if(const struct mmap_entry *m, unsigned n, uint64_t a, uint64_t size)
{
	return mem_class_of(m, n, a, a + size) == MEM_ALL ? 0 : PTE_PCD | PTE_PWT;
}

static void fill_table(uint64_t *t, uint64_t base, const struct mmap_entry *m, unsigned n)
{
	for (unsigned k = 0; k < 512; k++) {
		uint64_t a = base + (uint64_t)k * PAGE_SIZE_4K;

		t[k] = a | PTE_P | PTE_RW | cached_if(m, n, a, PAGE_SIZE_4K);
	}
}

/* The entry for one 2 MiB page below the MMIO hole. */
static uint64_t fit_entry(uint64_t a, const struct mmap_entry *m, unsigned n)
{
	enum mem_class c = mem_class_of(m, n, a, a + PAGE_SIZE_2M);
	int uniform;

	(void)mtrr_type_range(&bsp, a, a + PAGE_SIZE_2M, &uniform);
	if (c == MEM_ALL && uniform)
		return a | PTE_P | PTE_RW | PTE_PS;
	if (c == MEM_NONE || fit_used >= FIT_TABLES)
		return a | PTE_P | PTE_RW | PTE_PS | PTE_PCD | PTE_PWT;
	fill_table(fit_pt[fit_used], a, m, n);
	return (uint64_t)(uintptr_t)fit_pt[fit_used++] | PTE_P | PTE_RW;
}

void paging_fit(const struct bootinfo *bi)
{
	const struct mmap_entry *m = bi->mmap;
	unsigned n = bi->nmmap;

	if (!n && bi->has_meminfo) {
		meminfo[0] = (struct mmap_entry){ 0, (uint64_t)bi->mem_lower_kb << 10, MMAP_RAM };
		meminfo[1] =
			(struct mmap_entry){ 1u << 20, (uint64_t)bi->mem_upper_kb << 10, MMAP_RAM };
		m = meminfo;
		n = 2;
	}
	if (!n)
		return;
	cpu_state_read(&bsp);
	paging_set_memmap(m, n, &bsp);
	/* The first 2 MiB are 4 KiB pages from boot/entry.asm on: each typed from the map. */
	fill_table(pt_low, 0, m, n);
	for (uint64_t a = PAGE_SIZE_2M; a < MMIO_HOLE_BASE; a += PAGE_SIZE_2M)
		paging_pd_of(a)[(a >> 21) & 511] = fit_entry(a, m, n);
	cpu_flush_tlb();
}

static void walk_pd(const uint64_t *pd, uint64_t base, uint64_t pat, paging_leaf_fn fn, void *ctx)
{
	for (unsigned i = 0; i < 512; i++) {
		uint64_t e = pd[i];
		const uint64_t *pt;

		if (!(e & PTE_P))
			continue;
		if (e & PTE_PS) {
			fn(base + ((uint64_t)i << 21), PAGE_SIZE_2M,
			   pat_type_of(pat, !!(e & PTE_PWT), !!(e & PTE_PCD), !!(e & PTE_PAT_2M)),
			   ctx);
			continue;
		}
		pt = (const uint64_t *)(uintptr_t)(e & PTE_ADDR_MASK_4K);
		for (unsigned k = 0; k < 512; k++)
			if (pt[k] & PTE_P)
				fn(pt[k] & PTE_ADDR_MASK_4K, PAGE_SIZE_4K,
				   pat_type_of(pat, !!(pt[k] & PTE_PWT), !!(pt[k] & PTE_PCD),
					       !!(pt[k] & PTE_PAT_4K)),
				   ctx);
	}
}

void paging_walk(uint64_t pat, paging_leaf_fn fn, void *ctx)
{
	for (unsigned l4 = 0; l4 < 512; l4++) {
		const uint64_t *pdpt;

		if (!(pml4[l4] & PTE_P))
			continue;
		pdpt = (const uint64_t *)(uintptr_t)(pml4[l4] & PTE_ADDR_MASK_4K);
		for (unsigned l3 = 0; l3 < 512; l3++)
			if (pdpt[l3] & PTE_P)
				walk_pd((const uint64_t *)(uintptr_t)(pdpt[l3] & PTE_ADDR_MASK_4K),
					(uint64_t)l4 << 39 | (uint64_t)l3 << 30, pat, fn, ctx);
	}
}

void paging_break_memtype(void)
{
	pt_low[LEGACY_HOLE_BASE / PAGE_SIZE_4K] &= ~(PTE_PCD | PTE_PWT | PTE_PAT_4K);
	cpu_invlpg(LEGACY_HOLE_BASE);
}
