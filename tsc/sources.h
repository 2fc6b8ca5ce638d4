/* SPDX-License-Identifier: MIT */
/*
 * What every source of the TSC frequency answers, and what the chooser and
 * tsc/freq.c share: types only, so the sources and the chooser need not
 * include the file that calls them (docs/layout.md, "Dependencies").
 */
#ifndef SMPSCOPE_TSC_SOURCES_H
#define SMPSCOPE_TSC_SOURCES_H

#include <stdint.h>

/* In the order they are trusted when they agree (tsc/choose.c says why). */
enum tsc_source {
	TSC_SRC_CPUID15,
	TSC_SRC_PMTIMER,
	TSC_SRC_HPET,
	TSC_SRC_PIT,
	TSC_SRC_CPUID16,
	TSC_SRC_COUNT
};

#define TSC_WHY_LEN 72

/* One source's answer, and why it is not believed. */
struct tsc_candidate {
	uint64_t hz;		   /* what it said or measured; 0: no answer */
	char why_not[TSC_WHY_LEN]; /* empty when the answer is credible */
};

/* The clocks the ACPI tables name (apic/enumerate.c finds them). */
struct tsc_clocks {
	uint64_t hpet_base; /* 0: none, and hpet_absent says why */
	const char *hpet_absent;
	uint16_t pmtimer_port; /* 0: none, and pmtimer_absent says why */
	uint8_t pmtimer_bits;  /* 24 or 32 */
	const char *pmtimer_absent;
};

struct tsc_freq {
	uint64_t hz;	       /* the value used: 0 if no source is credible */
	const char *source;    /* tsc_source_name() of the one used, or "none" */
	char why[TSC_WHY_LEN]; /* why that one: agreement, or which it was preferred over */
	struct tsc_candidate cand[TSC_SRC_COUNT];
	uint64_t spread_ppm; /* how far the credible answers disagree: (max-min)/min */
	int invariant;	     /* CPUID 0x80000007 EDX bit 8 */
	/* The cycles every source took together: a gated clock must not stall it (docs/tsc.md). */
	uint64_t took_cycles;
};

#endif
