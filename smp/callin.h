/* SPDX-License-Identifier: MIT */
/*
 * What each AP found at callin, against the BSP and the MADT: its MTRRs
 * (smp/ap.c compares them; smp/audit.c judges them) and its place from its
 * own CPUID leaves. Told per AP on ev=ap (mtrr=, topo=); the topology is
 * summed up in the report's rows.
 */
#ifndef SMPSCOPE_SMP_CALLIN_H
#define SMPSCOPE_SMP_CALLIN_H

#include "cpus.h"

/* Does the AP's own CPUID agree with the place the BSP gave it from the MADT? */
int callin_same_place(const struct cpu *c);
/* ev=ap's words: "unknown" before callin, else "same" or "differs". */
const char *callin_mtrr_word(const struct cpu *c);
const char *callin_topo_word(const struct cpu *c);

#endif
