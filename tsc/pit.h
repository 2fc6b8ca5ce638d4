/* SPDX-License-Identifier: MIT */
/* The 8254 PIT's channel 2, used as a known clock to measure the TSC against. */
#ifndef SMPSCOPE_TSC_PIT_H
#define SMPSCOPE_TSC_PIT_H

#include <stdint.h>

#include "sources.h"

/*
 * Sets c->hz to TSC cycles per second, measured while channel 2 counts down
 * ms milliseconds, or rejects c when the PIT is not credible: its output was
 * already high as the count began, the count never ended, or it ended after
 * fewer polls than a real count of that length takes.
 */
void pit_measure(struct tsc_candidate *c, unsigned ms);

#endif
