/* SPDX-License-Identifier: MIT */
/*
 * The report's own rows (smp/reports.def): the bringup line, each AP's
 * phases in cycles (ev=ap, ev=ap-times, the human line), the totals, and
 * the checks every bringup has (cpus_online, no_ap_exceptions).
 */
#ifndef SMPSCOPE_SMP_REPORT_CORE_H
#define SMPSCOPE_SMP_REPORT_CORE_H

#include "cpus.h"
#include "smp.h"

/*
 * One CPU's phases in TSC cycles, as its ev=ap line gives them: the kick,
 * then the waits (the BSP's stamps with a handshake, the AP's without).
 */
void smp_cpu_phases(const struct cpu *c, const struct smp_params *p, uint64_t out[PH_COUNT]);

#endif
