/* SPDX-License-Identifier: MIT */
#include "diagnose.h"

#include "../arch/cpu.h"
#include "../boot/mce.h"
#include "../boot/trampoline.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../lib/wait.h"
#include "../tsc/freq.h"
#include "attribute.h"
#include "report_row.h"
#include "screen.h"

static volatile uint32_t *phase_flag(struct cpu *c, enum phase ph)
{
	switch (ph) {
	case PH_KICK:
	case PH_ALIVE:
		return &c->alive;
	case PH_CALLIN:
		return &c->callin;
	default:
		return &c->online;
	}
}

void diagnose_step_counts(void)
{
	char buf[LOG_LINE_MAX - 32], human[LOG_LINE_MAX - 32];
	size_t o = 0, h = 0;

	for (unsigned s = STEP_REALMODE; s < STEP_COUNT; s++) {
		uint32_t n = trampoline_count(s);

		o += fmt_buf(buf + o, sizeof(buf) - o, "%s%s=%u", o ? " " : "", step_names[s], n);
		h += fmt_buf(human + h, sizeof(human) - h, "%s%u %s", h ? ", " : "", n,
			     step_names[s]);
		if (o >= sizeof(buf) || h >= sizeof(human))
			break;
	}
	ev(EV_STEPS, "tickets=%u %s", trampoline_tickets(), buf);
	log_line("# reached: %s", human);
}

void diagnose_timeout(struct cpu *c, enum phase ph, struct smp_result *r)
{
	struct attribution a;
	char how[96];
	uint32_t icr, esr;

	ipi_state(&icr, &esr);
	c->timed_out = 1;
	c->timeout_phase = ph;
	c->gave_up_at = rdtsc();
	r->timeouts++;
	attribute(c, &a);
	attribute_format(&a, how, sizeof(how));
	ev(EV_TIMEOUT,
	   "cpu=%u apic=%#x phase=%s step=%s step_tsc=%llu since_kick=%llu ticket=%d icr=%#x "
	   "esr=%#x gave_up=%s exception=%u%s",
	   (unsigned)(c - cpus), c->apic, phase_names[ph], step_names[a.step],
	   (unsigned long long)a.step_tsc,
	   (unsigned long long)(a.step_tsc > c->kick_end ? a.step_tsc - c->kick_end : 0), a.ticket,
	   icr, esr, c->ap_gave_up ? phase_names[c->ap_gave_up - 1] : "no",
	   c->excepted ? c->exc_vector : 0, how);
	screen_cpu_timeout(c, ph, a.step < STEP_COUNT ? (enum step_id)a.step : STEP_NONE);
	diagnose_step_counts();
}

void diagnose_mce_stop(struct cpu *c, enum phase ph, struct smp_result *r)
{
	const struct ap_crumbs *cr = cpus_crumbs(c);
	unsigned step = cr ? cr->last : STEP_NONE;

	r->mce_stops++;
	log_line("# CPU%u (apic %#x): a machine check stopped it at %s, in phase %s (ev=mce)",
		 (unsigned)(c - cpus), c->apic, step_names[step], phase_names[ph]);
	/* Its banks, and the screen's line naming it, now (boot/mce.c). */
	(void)mce_log_new(cpus_slot_of);
	diagnose_step_counts();
}

static int none_pending(const void *ctx)
{
	(void)ctx;
	for (unsigned i = 1; i < ncpus; i++)
		if (cpus[i].timed_out && !*phase_flag(&cpus[i], cpus[i].timeout_phase))
			return 0;
	return 1;
}

void diagnose_second_look(const struct smp_params *p, struct smp_result *r)
{
	struct wait_bound b = wait_cycles(p->timeout_cycles);
	unsigned late = 0, total = 0;

	wait_until(none_pending, NULL, b, NULL);
	for (unsigned i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];

		if (!c->timed_out)
			continue;
		total++;
		if (*phase_flag(c, c->timeout_phase)) {
			c->late = 1;
			late++;
			ev(EV_TIMEOUT, "cpu=%u apic=%#x phase=%s late=1", i, c->apic,
			   phase_names[c->timeout_phase]);
			screen_cpu_late(c);
		}
	}
	r->late = late;
	ev(EV_GRACE, "checked_in=%u/%u waited_us=%llu", late, total,
	   (unsigned long long)tsc_cycles_to_us(wait_now() - b.start));
	log_line("# %u/%u eventually checked in", late, total);
}

unsigned diagnose_report_steps(const struct report_ctx *x)
{
	(void)x;
	diagnose_step_counts();
	return 0;
}
