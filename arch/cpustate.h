/* SPDX-License-Identifier: MIT */
/* Per-CPU firmware state worth comparing across CPUs: microcode, MTRRs, cache disable. */
#ifndef SMPSCOPE_BOOT_CPUSTATE_H
#define SMPSCOPE_BOOT_CPUSTATE_H

#include <stdint.h>

#include "vendor.h"

#include "../include/hw/msr.h"

#define MTRR_VAR_MAX 16

/*
 * What one CPU's caches, memory types and machine checks are set to: read by
 * the CPU itself (cpu_state_read), compared across CPUs (smp/audit.c).
 */
struct cpu_state {
	enum cpu_vendor vendor;
	int ucode_known;
	uint32_t ucode_rev; /* Intel: IA32_BIOS_SIGN_ID[63:32]; AMD: PATCH_LEVEL[31:0] */
	uint32_t family, model, stepping;
	int mtrr; /* CPUID says MTRRs exist */
	uint64_t mtrr_cap, mtrr_def;
	unsigned nvar;
	struct {
		uint64_t base, mask;
	} var[MTRR_VAR_MAX];
	int cr0_cd;
	unsigned phys_bits;
	int fixed_ok;			 /* MTRRcap says the fixed ranges exist, and they read */
	uint64_t fixed[MTRR_FIXED_MSRS]; /* 0x250, 0x258, 0x259, 0x268-0x26f */
	uint64_t cr0, cr4;
	int pat_ok; /* CPUID.1:EDX[16] and the MSR reads */
	uint64_t pat;
	int mce;    /* CPUID.1:EDX[7]: CR4.MCE means something */
	int mca_ok; /* CPUID.1:EDX[14] and MCG_CAP reads */
	uint64_t mcg_cap, mcg_status;
};

void cpu_state_read(struct cpu_state *s);

/*
 * What smp/audit.c keeps of a CPU's state, small enough for every CPU of the
 * table: the variable ranges in use by count and a hash of their values
 * (only ranges with the valid bit count; the others may hold anything).
 */
struct cpu_digest {
	uint8_t mtrr, fixed_ok, pat_ok, mce, mca_ok;
	uint8_t nvalid; /* variable ranges in use */
	uint64_t cr0, cr4, pat, mcg_cap, mcg_status, mtrr_def, var_hash;
	uint64_t fixed[MTRR_FIXED_MSRS];
};

void cpu_digest_of(const struct cpu_state *s, struct cpu_digest *d);
/* Whether a CPU's MTRRs are what QEMU's INIT leaves: every one zero (docs/hardware.md). */
int cpu_digest_mtrrs_zero(const struct cpu_digest *d);
/* 0 when the MTRRs agree: default type, fixed ranges, the variable ranges in use. */
int cpu_digest_mtrrs_differ(const struct cpu_digest *a, const struct cpu_digest *b);

/* What fault= breaks on one AP, to show each audit check failing (docs/knobs.md, "Faults"). */
enum cpu_break { CPU_BREAK_PAT, CPU_BREAK_MCE, CPU_BREAK_MTRR, CPU_BREAK_CACHE, CPU_BREAK_COUNT };
void cpu_state_break(enum cpu_break what);
/* Size of a variable MTRR from its mask, given the physical address width. */
uint64_t mtrr_var_size(uint64_t mask, unsigned phys_bits);
unsigned cpu_phys_bits(void);
/* The fixed-range MTRR MSRs in cpu_state.fixed's order. */
extern const uint32_t mtrr_fixed_msrs[MTRR_FIXED_MSRS];
/* Whether a variable range is in use: its mask's valid bit (only those are compared). */
static inline int mtrr_var_valid(const struct cpu_state *s, unsigned i)
{
	return i < s->nvar && (s->var[i].mask & MTRR_PHYSMASK_VALID);
}

#endif
