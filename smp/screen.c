/* SPDX-License-Identifier: MIT */
#include "screen.h"

#include "../console/panel.h"
#include "../boot/trampoline.h"
#include "../console/screen.h"

static enum step_id last_step(const struct cpu *c)
{
	const struct ap_crumbs *cr = cpus_crumbs(c);

	return cr && cr->last < STEP_COUNT ? (enum step_id)cr->last : STEP_NONE;
}

static enum cell_state state_of(const struct cpu *c)
{
	if (c->bsp)
		return CELL_BSP;
	if (!c->enabled)
		return CELL_OFF;
	/* One that came up after its timeout stays failed, as cpus_online() counts it. */
	if (c->timed_out || c->excepted || c->mode_wrong || c->mce_stopped)
		return CELL_FAILED;
	if (c->online)
		return CELL_ONLINE;
	return c->kicked ? CELL_WAITING : CELL_IDLE;
}

/* Run by the screen at each boundary, outside every timed window: reads, never waits. */
static void feed(void)
{
	panel_cpus(ncpus);
	for (unsigned i = 0; i < ncpus && i < PANEL_MAX_CPUS; i++) {
		const struct cpu *c = &cpus[i];
		enum cell_state s = state_of(c);
		enum step_id step = STEP_NONE;

		if (s == CELL_ONLINE)
			step = STEP_ONLINE;
		else if (s == CELL_WAITING || s == CELL_FAILED)
			step = last_step(c);
		panel_cpu(i, c->apic, s, step);
	}
}

void screen_cpus_start(void)
{
	screen_set_feed(feed);
}

void screen_cpu_timeout(const struct cpu *c, enum phase ph, enum step_id last)
{
	unsigned cpu = (unsigned)(c - cpus);

	if (c->excepted)
		screen_diagnosis("CPU %u (APIC %#x) took exception %u at %s (phase %s)", cpu,
				 c->apic, c->exc_vector,
				 step_names[c->exc_step < STEP_COUNT ? c->exc_step : 0],
				 phase_names[ph]);
	else if (last == STEP_NONE)
		screen_diagnosis("CPU %u (APIC %#x) never started: no breadcrumb (phase %s)", cpu,
				 c->apic, phase_names[ph]);
	else if (c->ap_gave_up)
		screen_diagnosis(
			"CPU %u (APIC %#x) stopped at %s (phase %s), gave up waiting in %s", cpu,
			c->apic, step_names[last], phase_names[ph], phase_names[c->ap_gave_up - 1]);
	else
		screen_diagnosis("CPU %u (APIC %#x) stopped at %s (phase %s)", cpu, c->apic,
				 step_names[last], phase_names[ph]);
}

void screen_cpu_late(const struct cpu *c)
{
	screen_diagnosis("CPU %u (APIC %#x) came up after its timeout (phase %s)",
			 (unsigned)(c - cpus), c->apic, phase_names[c->timeout_phase]);
}
