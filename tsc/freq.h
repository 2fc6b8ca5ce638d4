/* SPDX-License-Identifier: MIT */
/* The TSC frequency, and where it came from. */
#ifndef SMPSCOPE_TSC_FREQ_H
#define SMPSCOPE_TSC_FREQ_H

#include <stdint.h>

struct tsc_freq {
	uint64_t hz;	    /* the value used: 0 if none could be found */
	const char *source; /* "cpuid-15", "cpuid-16", "pit" or "none" */
	uint64_t cpuid15_hz, cpuid16_hz, pit_hz, hpet_hz;
	uint64_t spread_ppm; /* how far the sources that answered disagree: (max-min)/min */
	int invariant;	     /* CPUID 0x80000007 EDX bit 8 */
};

/* Finds the frequency; hpet_base is the HPET's MMIO address, or 0 for none. */
void tsc_freq_detect(struct tsc_freq *f, uint64_t hpet_base);
/* The frequency found by tsc_freq_detect, for delays and timeouts; 0 before. */
uint64_t tsc_hz(void);
/* Cycles to microseconds at the detected frequency (0 if unknown). */
uint64_t tsc_cycles_to_us(uint64_t cycles);

#endif
