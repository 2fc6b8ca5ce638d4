/* SPDX-License-Identifier: MIT */
#ifndef SMPSCOPE_CASES_CPULOG_H
#define SMPSCOPE_CASES_CPULOG_H

#include "../apic/enumerate.h"

struct tsc_freq;
struct tsc_features;

/* One ev=cpu line per MADT CPU: the BSP as cpu=0, then the MADT's order. */
void log_madt_cpus(const struct cpu_enum *e);
/*
 * Measures the TSC against every source e found (tsc/freq.c), reads its
 * CPUID facts, and logs them: the ev=tsc line, then one ev=tsc-source line
 * per source with its answer and, where it was rejected, why.
 */
void tsc_measure(const struct cpu_enum *e, struct tsc_freq *f, struct tsc_features *t);

#endif
