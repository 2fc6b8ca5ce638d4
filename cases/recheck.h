/* SPDX-License-Identifier: MIT */
/*
 * case=all, between rungs, as after a resume from S3: each AP's APIC mode
 * (IA32_APIC_BASE at trampoline entry) and IA32_TSC_ADJUST (at callin) are
 * read again and compared with the first rung that started that AP
 * (docs/flows.md, "The ladder in one boot").
 */
#ifndef SMPSCOPE_CASES_RECHECK_H
#define SMPSCOPE_CASES_RECHECK_H

#include "../smp/smp.h"

/*
 * After rung n (1-based) named rung: the first sight of an AP is kept, a
 * later one compared. From the second rung on, logs ev=recheck and records
 * the check ap_state_kept.
 */
void recheck_rung(unsigned n, const char *rung, const struct smp_params *p);

#endif
