/* SPDX-License-Identifier: MIT */
/*
 * SMIs inside the BSP's timed windows: the BSP reads its MSR_SMI_COUNT where
 * the CPU has one (arch/smicount.h) as each AP's phase window opens and
 * closes, so a phase an SMI stretched is marked, not blamed on the AP; and
 * fault=smi raises one inside a chosen window (docs/hardware.md, "SMIs").
 */
#ifndef SMPSCOPE_SMP_SMI_H
#define SMPSCOPE_SMP_SMI_H

#include "cpus.h"
#include "smp.h"

/* For one bringup: counting on where p->smi_counted, fault=smi armed from p->fault. */
void smi_setup(const struct smp_params *p);
/* The window of phase ph of c opens now (raising fault=smi's SMI when it aims here). */
void smi_open(struct cpu *c, enum phase ph);
/* The window that smi_open opened for c closes now: its count goes to c->smi[ph]. */
void smi_close(struct cpu *c, enum phase ph);
/* SMIs inside c's phases from first to last (PH_*), or -1 where none were counted. */
int64_t smi_in(const struct cpu *c, enum phase first, enum phase last);

#endif
