/* SPDX-License-Identifier: MIT */
/*
 * tsc_sync=together: after the APs are online, in any flow, every online
 * CPU takes part in one TSC warp test window (tsc/group.h), tsc_trials=
 * times; docs/tsc.md says why one window has the power it has. A CPU that
 * does not join within timeout_ms is named and left out of the window and of
 * every later one, never waited for.
 */
#ifndef SMPSCOPE_SMP_TSCTOGETHER_H
#define SMPSCOPE_SMP_TSCTOGETHER_H

#include "smp.h"

/* The BSP: the windows, their ev=tsc-trial lines and warps, the checks. */
void tsc_together_run(const struct smp_params *p);

#endif
