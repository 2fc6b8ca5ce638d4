/* SPDX-License-Identifier: MIT */
/* Changes to the identity map that boot/entry.asm built. */
#include <stddef.h>
#include <stdint.h>

#include "../include/hw/msr.h"
#include "../include/hw/paging.h"
#include "cpu.h"
#include "cpustate.h"
#include "paging.h"

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
 * UEFI firmware may put ACPI tables above 4 GiB (XSDT entries are 64-bit), and a
 * framebuffer can sit in a 64-bit BAR anywhere below the CPU's physical address width.
 * Each GiB they touch gets an identity-mapped page directory of 2 MiB pages, read-only
 * and made on first use; each 512 GiB past the first a page-directory-pointer table.
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

int paging_map_identity(uint64_t addr, size_t len)
{
	uint64_t last = addr + (len ? len : 1) - 1;

	if (last < addr || last >> cpu_phys_bits())
		return -1;
	for (uint64_t g = addr >> 30; g <= last >> 30; g++) {
		uint64_t *pdpt = pdpt_of(g << 30, 1), *pd;

		if (!pdpt)
			return -1;
		if (pdpt[g & 511] & PTE_P)
			continue;
		if (high_used >= HIGH_PDS)
			return -1;
		pd = high_pd[high_used++];
		for (uint64_t i = 0; i < 512; i++)
			pd[i] = (g << 30 | i << 21) | PTE_P | PTE_PS;
		pdpt[g & 511] = (uint64_t)(uintptr_t)pd | PTE_P | PTE_RW;
	}
	return 0;
}

/*
 * A device's registers (an MMIO UART, console/console.c) wherever they lie
 * below 512 GiB: each 2 MiB page they touch is made writable and uncached.
 * PCD|PWT selects PAT entry 3, UC in the power-on PAT (the image changes
 * entry 4 alone, for the framebuffer), and UC there wins over whatever the MTRRs say for the
 * range: no register read is served from a cache, no write is combined or
 * held back.
 */
int paging_map_mmio(uint64_t addr, size_t len)
{
	uint64_t *pdpt = (uint64_t *)(uintptr_t)(pml4[0] & PTE_ADDR_MASK_4K);
	uint64_t last = addr + len - 1;

	if (len == 0 || last < addr || last >= (512ull << 30) || paging_map_identity(addr, len))
		return -1;
	for (uint64_t p = addr & ~(uint64_t)(PAGE_SIZE_2M - 1); p <= last; p += PAGE_SIZE_2M) {
		uint64_t *pd = (uint64_t *)(uintptr_t)(pdpt[p >> 30] & PTE_ADDR_MASK_4K);

		pd[(p >> 21) & 511] |= PTE_RW | PTE_PCD | PTE_PWT;
		__asm__ volatile("invlpg (%0)" ::"r"(p) : "memory");
	}
	return 0;
}

/*
 * PAT entry 4 (a 2 MiB page's PAT bit set, PCD and PWT clear) is WB after reset. The image
 * sets that bit nowhere else, so making the entry write-combining changes no other page;
 * APs keep the reset PAT and never touch the framebuffer (docs/hardware.md, "Memory").
 */
#define PAT_FB_ENTRY 4

static int pat_fb_wc(void)
{
	static int done;
	uint64_t pat;

	if (done)
		return 1;
	if (!(cpuid(1, 0).edx & CPUID_1_EDX_PAT))
		return 0;
	pat = rdmsr(MSR_IA32_PAT);
	pat &= ~(HW_U64(0xff) << (8 * PAT_FB_ENTRY));
	wrmsr(MSR_IA32_PAT, pat | PAT_TYPE_WC << (8 * PAT_FB_ENTRY));
	done = 1;
	return 1;
}

int paging_map_framebuffer(uint64_t addr, size_t len, int want_wc)
{
	uint64_t first = addr & ~(uint64_t)(PAGE_SIZE_2M - 1), last = addr + len - 1;
	int wc = want_wc && pat_fb_wc();

	if (len == 0 || last < addr || paging_map_identity(addr, len))
		return -1;
	for (uint64_t a = first; a <= last && a >= first; a += PAGE_SIZE_2M) {
		uint64_t *pd =
			(uint64_t *)(uintptr_t)(pdpt_of(a, 0)[(a >> 30) & 511] & PTE_ADDR_MASK_4K);

		pd[(a >> 21) & 511] =
			a | PTE_P | PTE_RW | PTE_PS | (wc ? PTE_PAT_2M : PTE_PCD | PTE_PWT);
		__asm__ volatile("invlpg (%0)" ::"r"(a) : "memory");
	}
	return wc;
}
