/* SPDX-License-Identifier: MIT */
#include "features.h"

#include "../arch/cpu.h"
#include "../lib/fmt.h"

void tsc_features_read(struct tsc_features *t)
{
	uint32_t max = cpuid_max_leaf(), ext = cpuid(CPUID_LEAF_EXT_MAX, 0).eax;
	uint64_t v;

	t->invariant = ext >= CPUID_LEAF_EXT_POWER &&
		       (cpuid(CPUID_LEAF_EXT_POWER, 0).edx & CPUID_POWER_EDX_INVARIANT_TSC);
	t->tsc_adjust = max >= 7 && (cpuid(7, 0).ebx & CPUID_7_EBX_TSC_ADJUST);
	t->deadline = !!(cpuid(1, 0).ecx & CPUID_1_ECX_TSC_DEADLINE);
	t->rdtscp = ext >= CPUID_LEAF_EXT_FEAT &&
		    (cpuid(CPUID_LEAF_EXT_FEAT, 0).edx & CPUID_EXT_EDX_RDTSCP);
	t->adjust_known = t->tsc_adjust && rdmsr_safe(MSR_IA32_TSC_ADJUST, &v) == 0;
	t->adjust = t->adjust_known ? (int64_t)v : 0;
	fmt_buf(t->adjust_text, sizeof(t->adjust_text), "%lld", (long long)t->adjust);
}
