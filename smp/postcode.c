/* SPDX-License-Identifier: MIT */
#include "postcode.h"

#include "../boot/trampoline.h"
#include "../console/postcode.h"
#include "../lib/string.h"
#include "cpus.h"

/* Per slot: the last step written, how many phases were, and whether its timeout was. */
static uint8_t sent_step[SMP_MAX_CPUS], sent_phases[SMP_MAX_CPUS], sent_timeout[SMP_MAX_CPUS];

/* The step an AP passes as it ends a phase: the one of the same name (none for kick). */
static enum step_id step_of(enum phase ph)
{
	for (unsigned s = 0; s < STEP_COUNT; s++)
		if (strcmp(step_names[s], phase_names[ph]) == 0)
			return (enum step_id)s;
	return STEP_NONE;
}

/* How many phases, from kick on, the BSP has seen this AP finish. */
static unsigned phases_seen(const struct cpu *c)
{
	if (c->seen_online)
		return PH_ONLINE + 1;
	if (c->tsc_done)
		return PH_TSC + 1;
	if (c->seen_callin)
		return PH_CALLIN + 1;
	if (c->seen_alive)
		return PH_ALIVE + 1;
	return c->kicked ? PH_KICK + 1 : 0;
}

static void steps_up_to(unsigned slot, unsigned upto)
{
	while (sent_step[slot] < upto)
		postcode_step((enum step_id)++ sent_step[slot]);
}

static void one(unsigned slot)
{
	const struct cpu *c = &cpus[slot];
	const struct ap_crumbs *cr;
	unsigned last, seen = phases_seen(c);

	if (!c->kicked)
		return;
	cr = cpus_crumbs(c);
	last = cr && cr->last < STEP_COUNT ? cr->last : STEP_NONE;
	while (sent_phases[slot] < seen) {
		enum phase ph = (enum phase)sent_phases[slot]++;
		unsigned s = step_of(ph);

		steps_up_to(slot, s < last ? s : last);
		postcode_phase(ph);
	}
	steps_up_to(slot, last);
	if (c->timed_out && !sent_timeout[slot]) {
		sent_timeout[slot] = 1;
		postcode(POST_TIMEOUT);
	}
}

void postcode_catch_up(void)
{
	if (!postcode_enabled())
		return;
	for (unsigned i = 1; i < ncpus; i++)
		one(i);
}
