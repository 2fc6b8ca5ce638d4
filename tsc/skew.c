/* SPDX-License-Identifier: MIT */
#include "skew.h"

#include "../boot/cpu.h"

#define MSR_IA32_TSC 0x10

int tsc_skew(int64_t cycles)
{
	uint64_t adj;

	/* TSC_ADJUST moves the TSC by exactly its change, with no race against the counter. */
	if (cpuid_max_leaf() >= 7 && (cpuid(7, 0).ebx & (1u << 1)) &&
	    rdmsr_safe(MSR_IA32_TSC_ADJUST, &adj) == 0)
		return wrmsr_safe(MSR_IA32_TSC_ADJUST, adj + (uint64_t)cycles);
	return wrmsr_safe(MSR_IA32_TSC, rdtsc() + (uint64_t)cycles);
}
