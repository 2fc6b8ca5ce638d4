/* SPDX-License-Identifier: MIT */
/*
 * Between two bringups in one boot (case=all's rungs, rounds=): every AP the
 * last one kicked gets INIT, back to wait-for-SIPI as the firmware handed
 * it over, before the CPU table is built again (docs/flows.md).
 */
#ifndef SMPSCOPE_SMP_REINIT_H
#define SMPSCOPE_SMP_REINIT_H

#include "smp.h"

struct reinit_result {
	unsigned sent;	 /* APs sent INIT */
	unsigned errors; /* of those, an INIT whose delivery timed out or set the ESR */
};

/* INIT (assert, deassert) to every kicked AP of the CPU table, with p's init_udelay. */
void smp_reinit(const struct smp_params *p, struct reinit_result *out);

#endif
