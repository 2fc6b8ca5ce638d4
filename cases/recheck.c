/* SPDX-License-Identifier: MIT */
#include "recheck.h"

#include "../boot/trampoline.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../include/hw/msr.h"
#include "../lib/fmt.h"
#include "../smp/cpus.h"

enum mode { MODE_DISABLED, MODE_XAPIC, MODE_X2APIC };
static const char *const mode_names[] = { "disabled", "xapic", "x2apic" };

/* What an AP showed the first rung that started it, by slot (the MADT's order each rung). */
static struct seen {
	uint8_t seen, mode, left, adjust_known;
	int64_t adjust;
	const char *rung;
} seen[SMP_MAX_CPUS];

static enum mode mode_of(uint64_t base)
{
	if (!(base & APIC_BASE_ENABLE))
		return MODE_DISABLED;
	return base & APIC_BASE_X2APIC ? MODE_X2APIC : MODE_XAPIC;
}

/*
 * The mode the trampoline left the AP in: past its apicid step it follows
 * the run's mode (unless fault=apic-mode kept it in xAPIC). INIT keeps
 * x2APIC on (SDM Vol. 3, "x2APIC State Transitions"), so that mode, too,
 * is one the AP may be found in at the next rung.
 */
static enum mode left_in(const struct ap_crumbs *cr, const struct smp_params *p, enum mode entry)
{
	if (cr->last < AP_STEP_APICID)
		return entry;
	return p->x2apic && !cr->mode_kept ? MODE_X2APIC : MODE_XAPIC;
}

struct tally {
	unsigned compared, differ;
	size_t o;
	char first[160];
};

static void differs(struct tally *t, unsigned slot, const struct cpu *c, const char *what,
		    const char *was, const char *now, const char *first_rung)
{
	ev(EV_RECHECK, "cpu=%u apic=%#x what=%s first=%s now=%s first_rung=%s", slot, c->apic, what,
	   was, now, first_rung);
	if (!t->differ)
		fmt_buf(t->first, sizeof(t->first), "CPU%u (apic %#x): %s %s in %s, %s now", slot,
			c->apic, what, was, first_rung, now);
	t->differ++;
}

static void compare(struct tally *t, unsigned slot, const struct ap_crumbs *cr,
		    const struct smp_params *p, const char *rung)
{
	struct seen *s = &seen[slot];
	const struct cpu *c = &cpus[slot];
	enum mode now = mode_of(cr->apic_base);
	char a[24], b[24];

	if (!s->seen) {
		*s = (struct seen){ 1,
				    (uint8_t)now,
				    (uint8_t)left_in(cr, p, now),
				    c->tsc_adjust_known,
				    c->tsc_adjust,
				    rung };
		return;
	}
	t->compared++;
	if (now != s->mode && now != s->left)
		differs(t, slot, c, "apic_mode", mode_names[s->mode], mode_names[now], s->rung);
	if (c->tsc_adjust_known && s->adjust_known && c->tsc_adjust != s->adjust) {
		fmt_buf(a, sizeof(a), "%lld", (long long)s->adjust);
		fmt_buf(b, sizeof(b), "%lld", (long long)c->tsc_adjust);
		differs(t, slot, c, "tsc_adjust", a, b, s->rung);
	} else if (c->tsc_adjust_known && !s->adjust_known) {
		s->adjust_known = 1; /* its first rung stopped it before callin */
		s->adjust = c->tsc_adjust;
	}
	s->left = (uint8_t)left_in(cr, p, now);
}

void recheck_rung(unsigned n, const char *rung, const struct smp_params *p)
{
	struct tally t = { 0, 0, 0, "" };

	for (unsigned i = 1; i < ncpus; i++) {
		const struct ap_crumbs *cr = cpus_crumbs(&cpus[i]);

		if (cpus[i].enabled && !cpus[i].ghost && cr)
			compare(&t, i, cr, p, rung);
	}
	if (n < 2)
		return;
	ev(EV_RECHECK, "rung=%u case=%s compared=%u differ=%u", n, rung, t.compared, t.differ);
	ktap_check(t.differ == 0, "ap_state_kept",
		   t.differ ? "%u differences since an AP's first rung; first: %s"
			    : "%u APs: APIC mode and TSC_ADJUST as in their first rung%s",
		   t.differ ? t.differ : t.compared, t.differ ? t.first : "");
}
