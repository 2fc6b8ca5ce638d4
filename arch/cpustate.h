/* SPDX-License-Identifier: MIT */
/* Per-CPU firmware state worth comparing across CPUs: microcode, MTRRs, cache disable. */
#ifndef SMPSCOPE_BOOT_CPUSTATE_H
#define SMPSCOPE_BOOT_CPUSTATE_H

#include <stdint.h>

#include "vendor.h"

#define MTRR_VAR_MAX 16

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
};

void cpu_state_read(struct cpu_state *s);
/* Size of a variable MTRR from its mask, given the physical address width. */
uint64_t mtrr_var_size(uint64_t mask, unsigned phys_bits);
unsigned cpu_phys_bits(void);

#endif
