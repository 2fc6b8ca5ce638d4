/* SPDX-License-Identifier: MIT */
/*
 * The bringup engine as a case runs it, split so that one boot can run it
 * several times (case=all's rungs, rounds=): the machine is read once, each
 * bringup then gets its own knobs (docs/flows.md).
 */
#ifndef SMPSCOPE_CASES_BRINGUP_H
#define SMPSCOPE_CASES_BRINGUP_H

#include "../arch/bootinfo.h"
#include "../smp/smp.h"
#include "config.h"

/* Once per boot: the MADT found and the TSC measured; -1 after a KTAP not ok saying why. */
int bringup_measure(const struct bootinfo *bi);
struct cpu_enum;
struct tsc_features;
/* What bringup_measure() found: the MADT's CPUs and the TSC's CPUID facts. */
const struct cpu_enum *bringup_found(void);
const struct tsc_features *bringup_features(void);
/*
 * One case's bringup under cfg (rounds= times), its report and checks,
 * after bringup_measure() and once its faults are accepted. Returns 0 when
 * it could not run to its end.
 */
int bringup_run(const struct config *cfg, const struct bootinfo *bi);
/* What the last bringup_run() was asked: the ladder sends INIT with it, and rechecks. */
const struct smp_params *bringup_params(void);

#endif
