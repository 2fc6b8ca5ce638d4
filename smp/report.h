/* SPDX-License-Identifier: MIT */
/* After a bringup: the numbers, per CPU and in total, and the KTAP checks. */
#ifndef SMPSCOPE_SMP_REPORT_H
#define SMPSCOPE_SMP_REPORT_H

#include "cpus.h"
#include "smp.h"

/* Logs the report of the bringup just run and records its checks; returns 1 if all passed. */
int smp_report(const char *case_name, const struct smp_params *p, const struct smp_result *r);

/*
 * One CPU's phases in TSC cycles, as its ev=ap line gives them: the kick,
 * then the waits (the BSP's stamps with a handshake, the AP's without).
 */
void smp_cpu_phases(const struct cpu *c, const struct smp_params *p, uint64_t out[PH_COUNT]);

#endif
