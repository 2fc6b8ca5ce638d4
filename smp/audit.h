/* SPDX-License-Identifier: MIT */
/*
 * What emulators do not check, checked on every CPU (docs/hardware.md, "The
 * audit"): after each bringup, round and rung, each online AP's caches,
 * CR4, PAT, MTRRs and machine-check globals against the BSP's, and the
 * image's page tables against the MTRRs and the memory map.
 */
#ifndef SMPSCOPE_SMP_AUDIT_H
#define SMPSCOPE_SMP_AUDIT_H

#include "cpus.h"
#include "smp.h"

/* The AP's side, once online: the fault= that aims at it, then its record. */
void audit_ap(struct cpu *c, const struct smp_params *p);
/*
 * The BSP's side, after a round (never inside a timed window): waits, bounded, for the
 * online APs' records and adds what differs to the bringup's tally. The report (its row in
 * smp/reports.def) collects the last round itself and writes the checks.
 */
void audit_collect(const struct smp_params *p, unsigned round);

#endif
