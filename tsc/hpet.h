/* SPDX-License-Identifier: MIT */
/* The HPET's main counter, as a second known clock to measure the TSC against. */
#ifndef SMPSCOPE_TSC_HPET_H
#define SMPSCOPE_TSC_HPET_H

#include <stdint.h>

/*
 * TSC cycles per second measured over ms milliseconds of the HPET at base
 * (its MMIO address from the ACPI HPET table); 0 with *why set when there
 * is none or it does not count. The counter is enabled for the measurement
 * if it was not, and left as found.
 */
uint64_t hpet_measure_tsc_hz(uint64_t base, unsigned ms, const char **why);

#endif
