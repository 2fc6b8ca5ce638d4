/* SPDX-License-Identifier: MIT */
/* What CPUID says about this CPU's TSC, and its TSC_ADJUST. */
#ifndef SMPSCOPE_TSC_FEATURES_H
#define SMPSCOPE_TSC_FEATURES_H

#include <stdint.h>

struct tsc_features {
	int invariant;	/* CPUID 0x80000007 EDX[8]: constant rate in every P-, C- and T-state */
	int tsc_adjust; /* CPUID 7.0 EBX[1]: IA32_TSC_ADJUST exists */
	int deadline;	/* CPUID 1 ECX[24]: APIC timer TSC-deadline mode */
	int rdtscp;	/* CPUID 0x80000001 EDX[27] */
	int adjust_known;
	int64_t adjust; /* IA32_TSC_ADJUST on this CPU, where it exists and reads */
	char adjust_text[24];
};

void tsc_features_read(struct tsc_features *t);

#endif
