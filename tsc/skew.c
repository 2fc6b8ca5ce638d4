/* SPDX-License-Identifier: MIT */
#include "skew.h"

#include "../arch/cpu.h"
#include "features.h"

/*
 * Where IA32_TSC is written, a first write moves it this far ahead to see
 * whether writes take at all: 2^40 cycles are minutes at any clock, far more
 * than passes between two reads, so no skew the fault asks for can be taken
 * for it. QEMU TCG takes the write and ignores it (docs/tsc.md).
 */
#define SKEW_PROBE (1ull << 40)

int tsc_skew(int64_t cycles)
{
	struct tsc_features t;
	uint64_t t0;

	tsc_features_read(&t);
	/* TSC_ADJUST moves the TSC by exactly its change, with no race against the counter. */
	if (t.adjust_known)
		return wrmsr_safe(MSR_IA32_TSC_ADJUST, (uint64_t)t.adjust + (uint64_t)cycles);
	t0 = rdtsc();
	if (wrmsr_safe(MSR_IA32_TSC, t0 + SKEW_PROBE))
		return -1;
	if (rdtsc() - t0 < SKEW_PROBE / 2)
		return TSC_SKEW_IGNORED;
	/* Back from the probe, and on by cycles: the time between the two writes is kept. */
	return wrmsr_safe(MSR_IA32_TSC, rdtsc() - SKEW_PROBE + (uint64_t)cycles);
}
