/* SPDX-License-Identifier: MIT */
#include "reinit.h"

#include "../include/hw/apic.h"
#include "../tsc/delay.h"
#include "cpus.h"
#include "kick.h"

/*
 * After the last INIT: the IPIs are delivered when the ICR goes idle, but
 * an AP acts on one at its next instruction boundary. The next kick starts
 * with INIT anyway; this only keeps an AP that still spins (a stop fault,
 * a wait for the BSP) from writing its slot while the table is rebuilt.
 */
#define REINIT_SETTLE_US 1000

void smp_reinit(const struct smp_params *p, struct reinit_result *out)
{
	out->sent = out->errors = out->parked = 0;
	for (unsigned i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];
		unsigned first = c->nipi;

		/* A ghost is an APIC ID no CPU answers to: nothing to send back. */
		if (!c->kicked || c->ghost)
			continue;
		/*
		 * between=park: an AP in its own hlt loop stays there until the
		 * next kick's INIT. One that is not (stopped by a fault, still
		 * waiting) gets INIT now, as before.
		 */
		if (!p->between_init && __atomic_load_n(&c->resting, __ATOMIC_ACQUIRE)) {
			out->parked++;
			continue;
		}
		kick_init(c, p);
		out->sent++;
		for (unsigned k = first; k < c->nipi; k++)
			/* Masked as ipi_delivery masks it (smp/kickfault.c, docs/log-format.md). */
			if (c->ipi[k].timed_out || (c->ipi[k].esr & ESR_ERRORS)) {
				out->errors++;
				break;
			}
	}
	if (out->sent)
		tsc_udelay(REINIT_SETTLE_US);
}
