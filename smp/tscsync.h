/* SPDX-License-Identifier: MIT */
/* The tsc phase: which APs run the warp test with the BSP, for how long, and the BSP's side of it.
 */
#ifndef SMPSCOPE_SMP_TSCSYNC_H
#define SMPSCOPE_SMP_TSCSYNC_H

#include "../tsc/warp.h"
#include "cpus.h"
#include "smp.h"

/* Decides for c and readies the shared test; call before releasing tsc_go. */
void tsc_sync_prepare(struct cpu *c, const struct smp_params *p);
/* The BSP's side; returns -1 if the AP never joined within the timeout. */
int tsc_sync_source(struct cpu *c, const struct smp_params *p);
/* The AP's side, after tsc_go; moves its TSC first if fault=tsc-skew aims at it. */
void tsc_sync_target(struct cpu *c, const struct smp_params *p, uint64_t patience);

/* A warp lock held past its bound (lib/lock.h) is a bug: logged, with the pairing it hit. */
void tsc_sync_note_stuck(struct warp_test *t, const struct cpu *c);

#endif
