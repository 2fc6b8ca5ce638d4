/* SPDX-License-Identifier: MIT */
/* Changes to the identity map that boot/entry.asm built. */
#include <stddef.h>
#include <stdint.h>

#include "../include/hw/msr.h"
#include "../include/hw/paging.h"
#include "cpu.h"
#include "cpustate.h"
#include "memtype.h"
#include "paging.h"

extern uint64_t pml4[];

static const struct mmap_entry *map;
static unsigned nmap;
static const struct cpu_state *mtrrs;
static int pat_here;

int paging_pat_setup(void)
{
	if (!(cpuid(1, 0).edx & CPUID_1_EDX_PAT))
		return 0;
	/*
	 * No page uses entry 4 yet, and entries 0-3 get the values the identity map
	 * assumes (WB, WT, UC-, UC): the old ones are flushed from the TLB and the caches
	 * (SDM vol. 3, 13.12.4).
	 */
	wrmsr(MSR_IA32_PAT, PAT_IMAGE);
	cpu_flush_tlb();
	wbinvd();
	pat_here = 1;
	return 1;
}

void paging_set_memmap(const struct mmap_entry *m, unsigned n, const struct cpu_state *bsp)
{
	map = m;
	nmap = n;
	mtrrs = bsp;
}

const struct mmap_entry *paging_memmap(unsigned *n)
{
	*n = nmap;
	return map;
}

/*
 * UEFI firmware may put ACPI tables above 4 GiB (XSDT entries are 64-bit), and a
 * framebuffer can sit in a 64-bit BAR anywhere below the CPU's physical address width.
 * Each GiB they touch gets a page directory, made on first use with no page present;
 * each 512 GiB past the first a page-directory-pointer table.
 */
#define HIGH_PDS   6
#define HIGH_PDPTS 2

static uint64_t high_pd[HIGH_PDS][512] __attribute__((aligned(4096), section(".bss.page_tables")));
static uint64_t high_pdpt[HIGH_PDPTS][512]
	__attribute__((aligned(4096), section(".bss.page_tables")));
static unsigned high_used, pdpts_used;

/* The page-directory-pointer table of the 512 GiB holding addr; made if asked. */
static uint64_t *pdpt_of(uint64_t addr, int make)
{
	uint64_t *e = &pml4[(addr >> 39) & 511];

	if (!(*e & PTE_P)) {
		if (!make || pdpts_used >= HIGH_PDPTS)
			return NULL;
		/* A not-present entry is never cached, so no flush is needed. */
		*e = (uint64_t)(uintptr_t)high_pdpt[pdpts_used++] | PTE_P | PTE_RW;
	}
	return (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK_4K);
}

/* The page directory of addr's GiB; made (no page present) if asked. */
static uint64_t *pd_of(uint64_t addr, int make)
{
	uint64_t *pdpt = pdpt_of(addr, make), *e;

	if (!pdpt)
		return NULL;
	e = &pdpt[(addr >> 30) & 511];
	if (!(*e & PTE_P)) {
		if (!make || high_used >= HIGH_PDS)
			return NULL;
		*e = (uint64_t)(uintptr_t)high_pd[high_used++] | PTE_P | PTE_RW;
	}
	return (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK_4K);
}

uint64_t *paging_pd_of(uint64_t addr)
{
	return pd_of(addr, 0);
}

/*
 * Sets and clears bits in every entry mapping [first, last]: a 2 MiB page's own entry, or
 * the 4 KiB entries of a split one (arch/pagefit.c). pat_bit: the PAT bit to set, at the
 * place each size keeps it.
 */
static void change(uint64_t first, uint64_t last, uint64_t set, uint64_t clear, int pat_bit)
{
	uint64_t start = first & ~(uint64_t)(PAGE_SIZE_2M - 1);

	for (uint64_t a = start; a <= last && a >= start; a += PAGE_SIZE_2M) {
		uint64_t *pd = pd_of(a, 0), *e, *pt;

		if (!pd)
			continue;
		e = &pd[(a >> 21) & 511];
		if (!(*e & PTE_P))
			continue;
		if (*e & PTE_PS) {
			*e = (*e & ~(clear | PTE_PAT_2M)) | set | (pat_bit ? PTE_PAT_2M : 0);
			cpu_invlpg(a);
			continue;
		}
		pt = (uint64_t *)(uintptr_t)(*e & PTE_ADDR_MASK_4K);
		for (unsigned k = 0; k < 512; k++) {
			uint64_t p = a + (uint64_t)k * PAGE_SIZE_4K;

			if (p + PAGE_SIZE_4K <= first || p > last || !(pt[k] & PTE_P))
				continue;
			pt[k] = (pt[k] & ~(clear | PTE_PAT_4K)) | set | (pat_bit ? PTE_PAT_4K : 0);
			cpu_invlpg(p);
		}
	}
}

int paging_set_uncached(uint64_t addr)
{
	if (addr >= (4ull << 30))
		return -1;
	change(addr, addr, PTE_PCD | PTE_PWT, 0, 0);
	return 0;
}

/* A 2 MiB page's type bits for a new page: write-back only over memory of one MTRR type. */
static uint64_t new_page_type(uint64_t a)
{
	int uniform = 0;

	if (mtrrs)
		(void)mtrr_type_range(mtrrs, a, a + PAGE_SIZE_2M, &uniform);
	if (uniform && map && mem_class_of(map, nmap, a, a + PAGE_SIZE_2M) == MEM_ALL)
		return 0;
	return PTE_PCD | PTE_PWT;
}

int paging_map_identity(uint64_t addr, size_t len)
{
	uint64_t last = addr + (len ? len : 1) - 1, first = addr & ~(uint64_t)(PAGE_SIZE_2M - 1);

	if (last < addr || last >> cpu_phys_bits())
		return -1;
	for (uint64_t a = first; a <= last && a >= first; a += PAGE_SIZE_2M) {
		uint64_t *pd = pd_of(a, 1);

		if (!pd)
			return -1;
		if (!(pd[(a >> 21) & 511] & PTE_P))
			pd[(a >> 21) & 511] = a | PTE_P | PTE_PS | new_page_type(a);
	}
	return 0;
}

/*
 * A device's registers (an MMIO UART, console/console.c) wherever they lie
 * below 512 GiB: each page they touch is made writable and uncached.
 * PCD|PWT selects PAT entry 3, UC in the image's PAT (paging_pat_setup), and
 * UC there wins over whatever the MTRRs say for the range: no register read
 * is served from a cache, no write is combined or held back.
 */
int paging_map_mmio(uint64_t addr, size_t len)
{
	uint64_t last = addr + len - 1;

	if (len == 0 || last < addr || last >= (512ull << 30) || paging_map_identity(addr, len))
		return -1;
	change(addr, last, PTE_RW | PTE_PCD | PTE_PWT, 0, 0);
	return 0;
}

/*
 * PAT entry 4 (the PAT bit set, PCD and PWT clear) is write-combining in the image's PAT
 * and used nowhere else; every CPU has the same PAT (docs/hardware.md, "Memory types").
 */
int paging_map_framebuffer(uint64_t addr, size_t len, int want_wc)
{
	uint64_t first = addr & ~(uint64_t)(PAGE_SIZE_2M - 1), last = addr + len - 1;
	int wc = want_wc && pat_here;

	if (len == 0 || last < addr || paging_map_identity(addr, len))
		return -1;
	/* Whole 2 MiB pages (console/fb.c asks for uncached where one holds RAM). */
	if (wc)
		change(first, (last | (PAGE_SIZE_2M - 1)), PTE_RW, PTE_PCD | PTE_PWT, 1);
	else
		change(first, (last | (PAGE_SIZE_2M - 1)), PTE_RW | PTE_PCD | PTE_PWT, 0, 0);
	return wc;
}
