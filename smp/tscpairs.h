/* SPDX-License-Identifier: MIT */
/*
 * Pair tests after bringup, as jobs for the APs (smp/tscjobs.h): the first
 * CPUs of every two packages (tsc_pairs=on), and Linux's per-AP test again,
 * the BSP against each AP in turn, for the trials past the bringup's
 * (tsc_trials= with tsc_sync=every or linux; docs/tsc.md).
 */
#ifndef SMPSCOPE_SMP_TSCPAIRS_H
#define SMPSCOPE_SMP_TSCPAIRS_H

#include "smp.h"

/* The BSP pairs the first CPUs of every two packages, logs each pairing, records a check. */
void tsc_pairs_run(const struct smp_params *p);
/* Trials 2..tsc_trials of tsc_sync=every or linux: one ev=tsc-trial each, then a check. */
void tsc_trials_run(const struct smp_params *p);

#endif
