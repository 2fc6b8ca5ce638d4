/* SPDX-License-Identifier: MIT */
#include "attribute.h"

#include "../boot/trampoline.h"
#include "../lib/fmt.h"
#include "../lib/string.h"

/* A ticket whose AP never reached protected mode, where it first writes its record. */
static int low_only(uint32_t t)
{
	return ap_crumbs[t].last == 0;
}

static uint32_t tickets(void)
{
	uint32_t n = trampoline_tickets();

	return n < AP_MAX_TICKETS ? n : AP_MAX_TICKETS;
}

static void take(struct attribution *a, enum attribution_how how, uint32_t t)
{
	struct tramp_low l;

	trampoline_low(t, &l);
	a->inferred = 1;
	a->how = how;
	a->ticket = (int)t;
	a->step = l.step;
	a->step_tsc = l.step_tsc;
}

/*
 * Kicked alone and last (serial flows): a ticket taken since its kick that
 * never got further than real mode is its own.
 */
static int by_kick_order(const struct cpu *c, struct attribution *a)
{
	uint32_t n = tickets(), found = 0, t0 = 0;

	if (!c->nipi)
		return 0; /* a broadcast kicks every AP at once */
	for (unsigned i = 1; i < ncpus; i++)
		if (&cpus[i] != c && cpus[i].kicked && cpus[i].kick_start >= c->kick_start)
			return 0;
	for (uint32_t t = c->tickets_at_kick; t < n; t++)
		if (low_only(t)) {
			found++;
			t0 = t;
		}
	if (found != 1)
		return 0;
	take(a, ATTR_KICK_ORDER, t0);
	return 1;
}

/* The ticket whose CPUID ID, read in real mode, names the CPU (-1: none); the latest wins. */
static int ticket_by_cpuid(uint32_t apic)
{
	uint32_t n = tickets();
	int found = -1;

	for (uint32_t t = 0; t < n; t++) {
		struct tramp_low l;

		if (!low_only(t))
			continue;
		trampoline_low(t, &l);
		if (l.id_known && l.cpuid_apic == apic)
			found = (int)t;
	}
	return found;
}

/* A kicked CPU with no record and no CPUID ID in real mode's: the counters' candidates. */
static int unnamed(const struct cpu *c)
{
	return c->enabled && !c->bsp && c->kicked && !cpus_crumbs(c) &&
	       ticket_by_cpuid(c->apic) < 0;
}

/*
 * The tickets left that no CPU claims, set against the CPUs left without
 * a ticket: when as many of each, and all stopped at one step, that step is
 * each candidate's ("27 reached realmode, 26 gdt": the one missing is among
 * the APs with no record).
 */
static void by_counters(const struct cpu *c, struct attribution *a)
{
	uint32_t n = tickets(), stuck = 0, last = 0;
	unsigned step = STEP_NONE, ncand = 0;

	for (uint32_t t = 0; t < n; t++) {
		struct tramp_low l;

		if (!low_only(t))
			continue;
		trampoline_low(t, &l);
		if (l.id_known && cpus_slot_of(l.cpuid_apic) > 0)
			continue; /* that CPU's, by its CPUID ID */
		if (stuck && l.step != step)
			return; /* stopped at different steps: which is whose is unknown */
		step = l.step;
		stuck++;
		last = t;
	}
	for (unsigned i = 1; i < ncpus; i++)
		if (unnamed(&cpus[i])) {
			if (ncand < ATTR_MAX_CANDIDATES)
				a->cand[ncand] = cpus[i].apic;
			ncand++;
		}
	if (!stuck || stuck != ncand || !unnamed(c))
		return;
	take(a, ATTR_COUNTERS, last);
	a->ncand = ncand;
	if (ncand > 1) {
		a->ticket = -1; /* one of them, not known which */
		a->step_tsc = 0;
	}
}

void attribute(const struct cpu *c, struct attribution *a)
{
	const struct ap_crumbs *cr = cpus_crumbs(c);
	int t;

	memset(a, 0, sizeof(*a));
	a->ticket = -1;
	a->step = STEP_NONE;
	if (cr) {
		a->ticket = (int)(cr - ap_crumbs);
		a->step = cr->last;
		a->step_tsc = cr->tsc[cr->last];
		return;
	}
	if (by_kick_order(c, a))
		return;
	t = ticket_by_cpuid(c->apic);
	if (t >= 0) {
		take(a, ATTR_CPUID, (uint32_t)t);
		return;
	}
	by_counters(c, a);
}

size_t attribute_format(const struct attribution *a, char *buf, size_t size)
{
	size_t o;

	buf[0] = '\0';
	if (!a->inferred)
		return 0;
	o = fmt_buf(buf, size, " inferred=%s", attribution_names[a->how]);
	for (unsigned i = 0; i < a->ncand && i < ATTR_MAX_CANDIDATES && o < size; i++)
		o += fmt_buf(buf + o, size - o, "%s%#x", i ? "+" : " candidates=", a->cand[i]);
	if (a->ncand > ATTR_MAX_CANDIDATES && o < size)
		o += fmt_buf(buf + o, size - o, "+...");
	return o;
}
