/* SPDX-License-Identifier: MIT */
#ifndef SMPSCOPE_CASES_IDENTIFY_H
#define SMPSCOPE_CASES_IDENTIFY_H

#include "../apic/enumerate.h"
#include "../arch/bootinfo.h"
#include "../tsc/features.h"
#include "config.h"

/*
 * The faults probe can inject with identify=on (a mask of 1 << kind);
 * apicid needs a broadcast kick, which this pass never sends.
 */
#define IDENTIFY_INJECTABLE                                                                        \
	(1u << FAULT_STOP | 1u << FAULT_EXCEPTION | 1u << FAULT_NOSIPI | 1u << FAULT_GHOST |       \
	 1u << FAULT_APIC_MODE)

/*
 * probe's identify pass (identify=on): every AP's row of the APIC-ID truth
 * table, read at its trampoline entry, then INIT back to wait-for-SIPI.
 * Writes its checks; the TSC must be measured first (timeouts need it).
 */
void probe_identify(const struct config *cfg, const struct bootinfo *bi,
		    const struct cpu_enum *found, const struct tsc_features *tf);

#endif
