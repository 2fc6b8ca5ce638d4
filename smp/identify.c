/* SPDX-License-Identifier: MIT */
/*
 * probe's identify pass (docs/flows.md): the least a CPU can be asked to do
 * to say who it is. Serial, in MADT order, each AP bounded by timeout_ms;
 * afterwards every AP that answered stays parked in its hlt loop, and the
 * others are sent INIT (between=init: every kicked AP, back to wait-for-SIPI
 * as the firmware handed it over).
 */
#include "../arch/cpu.h"
#include "../boot/trampoline.h"
#include "../lib/wait.h"
#include "cpus.h"
#include "diagnose.h"
#include "kick.h"
#include "smi.h"
#include "smp.h"
#include "warmreset.h"

unsigned smp_identify(const struct smp_params *p, struct smp_result *r)
{
	unsigned answered = 0;
	struct cpu *last = NULL;

	for (unsigned i = 1; i < ncpus; i++)
		if (cpus[i].enabled)
			last = &cpus[i];
	smi_setup(p);
	if (p->warm_reset == WR_ONCE)
		warm_reset_setup(NULL);
	for (unsigned i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];

		uint32_t base = trampoline_count(STEP_REALMODE);

		if (!c->enabled)
			continue;
		kick_one(c, p);
		if (!r->first_kick)
			r->first_kick = c->kick_start;
		/* As the serial flow: per-cpu disarms after each AP, once after the last. */
		if (p->warm_reset == WR_PER_CPU || c == last)
			warm_reset_disarm_after(&c, 1, base, p->timeout_cycles);
		if (!wait_flag(&c->alive, wait_cycles(p->timeout_cycles), &c->seen_alive)) {
			diagnose_timeout(c, PH_ALIVE, r);
			continue;
		}
		answered++;
		smp_boundary(p, r);
	}
	warm_reset_restore();
	/* between=park leaves an AP that answered in its hlt loop (docs/flows.md). */
	for (unsigned i = 1; i < ncpus; i++)
		if (cpus[i].kicked && (p->between_init || !cpus[i].resting))
			kick_init(&cpus[i], p);
	return answered;
}
