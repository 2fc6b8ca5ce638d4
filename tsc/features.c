/* SPDX-License-Identifier: MIT */
#include "features.h"

#include "../boot/cpu.h"
#include "../lib/fmt.h"

void tsc_features_read(struct tsc_features *t)
{
	uint32_t max = cpuid_max_leaf(), ext = cpuid(0x80000000, 0).eax;
	uint64_t v;

	t->invariant = ext >= 0x80000007 && (cpuid(0x80000007, 0).edx & (1u << 8));
	t->tsc_adjust = max >= 7 && (cpuid(7, 0).ebx & (1u << 1));
	t->deadline = !!(cpuid(1, 0).ecx & (1u << 24));
	t->rdtscp = ext >= 0x80000001 && (cpuid(0x80000001, 0).edx & (1u << 27));
	t->adjust_known = t->tsc_adjust && rdmsr_safe(MSR_IA32_TSC_ADJUST, &v) == 0;
	t->adjust = t->adjust_known ? (int64_t)v : 0;
	fmt_buf(t->adjust_text, sizeof(t->adjust_text), "%lld", (long long)t->adjust);
}
