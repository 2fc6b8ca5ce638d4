/* SPDX-License-Identifier: MIT */
/* What the BSP says when an AP does not answer in time, and its second look. */
#ifndef SMPSCOPE_SMP_DIAGNOSE_H
#define SMPSCOPE_SMP_DIAGNOSE_H

#include "cpus.h"
#include "smp.h"

/* Logs CPU, phase, last breadcrumb, ICR/ESR and the step counters; marks c timed out. */
void diagnose_timeout(struct cpu *c, enum phase ph, struct smp_result *r);
/* An AP a machine check stopped (smp/ap.c marks it): named so, never a timeout. */
void diagnose_mce_stop(struct cpu *c, enum phase ph, struct smp_result *r);
/* "27 reached realmode, 27 gdt, ..., 26 longmode": how far the APs got, by step. */
void diagnose_step_counts(void);
/* Waits one more timeout for the CPUs that timed out, and says how many made it. */
void diagnose_second_look(const struct smp_params *p, struct smp_result *r);

#endif
