/* SPDX-License-Identifier: MIT */
#ifndef SMPSCOPE_CASES_CPULOG_H
#define SMPSCOPE_CASES_CPULOG_H

#include "../apic/enumerate.h"

/* One ev=cpu line per MADT CPU: the BSP as cpu=0, then the MADT's order. */
void log_madt_cpus(const struct cpu_enum *e);

#endif
