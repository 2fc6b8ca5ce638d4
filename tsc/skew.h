/* SPDX-License-Identifier: MIT */
/* fault=tsc-skew: moving this CPU's TSC on purpose, so the warp test has something to catch. */
#ifndef SMPSCOPE_TSC_SKEW_H
#define SMPSCOPE_TSC_SKEW_H

#include <stdint.h>

/* Moves the TSC by cycles (IA32_TSC_ADJUST where it exists, else IA32_TSC); -1 if refused. */
int tsc_skew(int64_t cycles);

#endif
