/* SPDX-License-Identifier: MIT */
#ifndef SMPSCOPE_CASES_IDENTIFY_H
#define SMPSCOPE_CASES_IDENTIFY_H

#include "../apic/enumerate.h"
#include "../arch/bootinfo.h"
#include "../tsc/features.h"
#include "config.h"

/*
 * probe's identify pass (identify=on): every AP's row of the APIC-ID truth
 * table, read at its trampoline entry, then INIT back to wait-for-SIPI.
 * Writes its checks; the TSC must be measured first (timeouts need it).
 */
void probe_identify(const struct config *cfg, const struct bootinfo *bi,
		    const struct cpu_enum *found, const struct tsc_features *tf);
/* Puts the CMOS warm-reset vector back if the pass left it set: probe's cleanup. */
void probe_identify_leave(void);

#endif
