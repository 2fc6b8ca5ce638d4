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

/* What the bringup cases can inject (a mask of 1 << enum fault_kind). */
#define BRINGUP_INJECTABLE                                                                         \
	(1u << FAULT_STOP | 1u << FAULT_EXCEPTION | 1u << FAULT_NOSIPI | 1u << FAULT_GHOST |       \
	 1u << FAULT_BSP_UD2 | 1u << FAULT_TSC_SKEW | 1u << FAULT_APICID | 1u << FAULT_APIC_MODE | \
	 1u << FAULT_RESET | 1u << FAULT_BSP_NMI | 1u << FAULT_ESR | 1u << FAULT_SIPI_AGAIN)

/* The bringup runner of the case table (cases/cases.def): measure, then run. */
int case_bringup(const struct config *cfg, const struct bootinfo *bi);
/* Once per boot: the MADT found and the TSC measured; -1 after a KTAP not ok saying why. */
int bringup_measure(const struct bootinfo *bi);
struct cpu_enum;
struct tsc_features;
/* What bringup_measure() found: the MADT's CPUs and the TSC's CPUID facts. */
const struct cpu_enum *bringup_found(void);
const struct tsc_features *bringup_features(void);
/*
 * One case's bringup under cfg (rounds= times), its report and checks,
 * after bringup_measure(). Returns 0 when it could not run to its end.
 */
int bringup_run(const struct config *cfg, const struct bootinfo *bi, unsigned injectable);
/* What the last bringup_run() was asked: the ladder sends INIT with it, and rechecks. */
const struct smp_params *bringup_params(void);

#endif
