/* SPDX-License-Identifier: MIT */
#ifndef SMPSCOPE_CASES_CPULOG_H
#define SMPSCOPE_CASES_CPULOG_H

#include "../apic/enumerate.h"

struct tsc_freq;
struct tsc_features;

/* One ev=cpu line per MADT CPU: the BSP as cpu=0, then the MADT's order. */
void log_madt_cpus(const struct cpu_enum *e);
/* The ev=tsc line: the frequency, every source's answer, the TSC's CPUID facts. */
void log_tsc(const struct tsc_freq *f, const struct tsc_features *t, uint64_t hpet_base);

#endif
