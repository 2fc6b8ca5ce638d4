/* SPDX-License-Identifier: MIT */
#include "skew.h"

#include "../arch/cpu.h"
#include "features.h"

int tsc_skew(int64_t cycles)
{
	struct tsc_features t;

	tsc_features_read(&t);
	/* TSC_ADJUST moves the TSC by exactly its change, with no race against the counter. */
	if (t.adjust_known)
		return wrmsr_safe(MSR_IA32_TSC_ADJUST, (uint64_t)t.adjust + (uint64_t)cycles);
	return wrmsr_safe(MSR_IA32_TSC, rdtsc() + (uint64_t)cycles);
}
