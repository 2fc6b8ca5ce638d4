/* SPDX-License-Identifier: MIT */
/* The HPET's main counter, as a second known clock to measure the TSC against. */
#ifndef SMPSCOPE_TSC_HPET_H
#define SMPSCOPE_TSC_HPET_H

#include <stdint.h>

#include "sources.h"

/*
 * Sets c->hz to TSC cycles per second measured over ms milliseconds of the
 * HPET at base (its MMIO address from the ACPI HPET table), each end of the
 * window bracketed by TSC reads as the PM timer's are; or rejects c: no
 * base the image maps, a tick period out of the spec's range, a counter
 * that does not count or stops, a read that goes back, a window no try
 * timed well. The counter is enabled for the measurement if it was not,
 * and left as found.
 */
void hpet_measure(struct tsc_candidate *c, uint64_t base, unsigned ms);

#endif
