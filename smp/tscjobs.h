/* SPDX-License-Identifier: MIT */
/*
 * The TSC tests after bringup (tsc_pairs=, tsc_sync=together, tsc_trials=):
 * an online AP that serves them waits for the BSP's jobs instead of halting,
 * runs each and answers, until the BSP says stop. A job is the function to
 * run, with its side and the test's generation (tsc/warp.h, tsc/group.h).
 */
#ifndef SMPSCOPE_SMP_TSCJOBS_H
#define SMPSCOPE_SMP_TSCJOBS_H

#include <stdint.h>

#include "cpus.h"
#include "smp.h"

typedef void (*tsc_job_fn)(struct cpu *c, const struct smp_params *p, uint32_t side, uint32_t gen);

/* The first CPU of c's package in slot order: the one a package is tested through. */
int tsc_package_first(const struct cpu *c);
/* Whether c serves jobs after online under p (the BSP posts only to those). */
int tsc_jobs_served(const struct cpu *c, const struct smp_params *p);
/* The AP's side: serves jobs until told to stop, or none came within patience. */
void tsc_jobs_serve(struct cpu *c, const struct smp_params *p, uint64_t patience);
/* The BSP's: gives c a job; c must have answered the one before. */
void tsc_job_post(struct cpu *c, tsc_job_fn fn, uint32_t side, uint32_t gen);
/* Waits at most cycles for c's answer to its last job: 1 answered, 0 not. */
int tsc_job_acked(const struct cpu *c, uint64_t cycles);
/* Tells every AP that serves to stop: they go on to halt. */
void tsc_jobs_stop(const struct smp_params *p);

#endif
