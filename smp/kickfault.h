/* SPDX-License-Identifier: MIT */
/*
 * The kick faults of fault= (docs/knobs.md, "Faults"): a bad IPI before an
 * AP's kick, whose error the sender's ESR should latch, and one more SIPI to
 * an AP that is already up, with what the AP made of it.
 */
#ifndef SMPSCOPE_SMP_KICKFAULT_H
#define SMPSCOPE_SMP_KICKFAULT_H

#include "cpus.h"
#include "smp.h"

/* fault=esr: the bad IPI, when c is aimed at; kept in c's IPIs as kind=fixed. */
void kickfault_bad_ipi(struct cpu *c, const struct smp_params *p);
/* fault=sipi-again: a SIPI (no INIT) to each AP aimed at, after the flow; logged and checked. */
void kickfault_sipi_again(const struct smp_params *p);
/* The ipi_delivery check: every IPI's ESR, as Linux reads it after a SIPI. */
void kickfault_report(const struct smp_params *p);

#endif
