/* SPDX-License-Identifier: MIT */
/* The 8254 PIT's channel 2, used as a known clock to measure the TSC against. */
#ifndef SMPSCOPE_TSC_PIT_H
#define SMPSCOPE_TSC_PIT_H

#include <stdint.h>

#define PIT_HZ 1193182u

/* TSC cycles that pass while channel 2 counts down ms milliseconds; 0 if it never finishes. */
uint64_t pit_measure_tsc(unsigned ms);

#endif
