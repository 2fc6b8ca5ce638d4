/* SPDX-License-Identifier: MIT */
/* The TSC frequency: every source asked, each checked, one chosen with its reason (docs/tsc.md). */
#ifndef SMPSCOPE_TSC_FREQ_H
#define SMPSCOPE_TSC_FREQ_H

#include <stdint.h>

#include "sources.h"

/* Asks every source and chooses (tsc/choose.c); f->hz is 0 when none is credible. */
void tsc_freq_detect(struct tsc_freq *f, const struct tsc_clocks *c);
/* The frequency found by tsc_freq_detect, for delays and timeouts; 0 before. */
uint64_t tsc_hz(void);
/* Cycles to microseconds at the detected frequency (0 if unknown). */
uint64_t tsc_cycles_to_us(uint64_t cycles);

#endif
