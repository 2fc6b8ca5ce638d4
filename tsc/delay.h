/* SPDX-License-Identifier: MIT */
/* Delays and deadlines on the TSC, at the frequency tsc/freq.c found. */
#ifndef SMPSCOPE_TSC_DELAY_H
#define SMPSCOPE_TSC_DELAY_H

#include <stdint.h>

uint64_t tsc_us_to_cycles(uint64_t us);
void tsc_udelay(uint64_t us);

#endif
