/* SPDX-License-Identifier: MIT */
/* The ACPI PM timer, a third known clock to measure the TSC against (docs/tsc.md). */
#ifndef SMPSCOPE_TSC_PMTIMER_H
#define SMPSCOPE_TSC_PMTIMER_H

#include <stdint.h>

#include "sources.h"

/* The rate the ACPI specification fixes for the PM timer. */
#define PMTIMER_HZ 3579545u

/*
 * Sets c->hz to TSC cycles per second measured over ms milliseconds of the
 * PM timer at port (bits: 24 or 32, from the FADT), or rejects c when the
 * timer does not count, a read went backwards, or the wait ended after
 * fewer reads than that long a time takes.
 */
void pmtimer_measure(struct tsc_candidate *c, uint16_t port, unsigned bits, unsigned ms);

#endif
