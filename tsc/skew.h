/* SPDX-License-Identifier: MIT */
/* fault=tsc-skew: moving this CPU's TSC on purpose, so the warp test has something to catch. */
#ifndef SMPSCOPE_TSC_SKEW_H
#define SMPSCOPE_TSC_SKEW_H

#include <stdint.h>

/* tsc_skew's answer when the machine took the write and left the TSC where it was. */
#define TSC_SKEW_IGNORED 1

/*
 * Moves the TSC by cycles (IA32_TSC_ADJUST where it exists, else IA32_TSC);
 * 0, -1 if the write was refused (#GP), TSC_SKEW_IGNORED if it did not move.
 */
int tsc_skew(int64_t cycles);

#endif
