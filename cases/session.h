/* SPDX-License-Identifier: MIT */
/*
 * What every case that starts APs does first, once the MADT is read and the
 * TSC measured: the APIC mode, the CPU table, the faults, the trampoline
 * and the warm-reset state found (docs/flows.md). bringup and probe's
 * identify pass share it.
 */
#ifndef SMPSCOPE_CASES_SESSION_H
#define SMPSCOPE_CASES_SESSION_H

#include "../apic/enumerate.h"
#include "../arch/bootinfo.h"
#include "../smp/smp.h"
#include "../tsc/features.h"
#include "config.h"

/*
 * Logs the BSP's APIC-ID row, sets the run's APIC mode, fills p from the
 * knobs, builds the CPU table and arms the trampoline. On failure a KTAP
 * not ok is written and -1 returned; nothing has been sent to an AP.
 */
int session_start(const struct config *cfg, const struct bootinfo *bi, const struct cpu_enum *found,
		  const struct tsc_features *tf, struct smp_params *p);
/*
 * The next bringup of the same session (rounds=): the CPU table rebuilt,
 * the faults resolved and the trampoline armed again, quietly. The APs
 * must be back in wait-for-SIPI (smp/reinit.h).
 */
int session_again(const struct config *cfg, const struct cpu_enum *found,
		  const struct tsc_features *tf, struct smp_params *p);
/* How many ID disagreements the BSP's row showed (apicid_log_bsp). */
unsigned session_bsp_disagreements(void);

#endif
