/* SPDX-License-Identifier: MIT */
/*
 * Between two bringups in one boot (case=all's rungs, rounds=): every AP the
 * last one kicked and that is not parked in its own hlt loop gets INIT, back
 * to wait-for-SIPI as the firmware handed it over, before the CPU table is
 * built again; with between=init every one does (docs/flows.md, "Between
 * bringups").
 */
#ifndef SMPSCOPE_SMP_REINIT_H
#define SMPSCOPE_SMP_REINIT_H

#include "smp.h"

struct reinit_result {
	unsigned sent;	 /* APs sent INIT */
	unsigned errors; /* of those, an INIT whose delivery timed out or set the ESR */
	unsigned parked; /* APs left parked in their hlt loop (between=park) */
};

/* INIT (assert, deassert) to every kicked AP that needs it (above), with p's init_udelay. */
void smp_reinit(const struct smp_params *p, struct reinit_result *out);

#endif
