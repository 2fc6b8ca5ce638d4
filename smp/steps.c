/* SPDX-License-Identifier: MIT */
/*
 * Each AP's steps after a bringup (ev=ap-steps, docs/log-format.md): every
 * breadcrumb's TSC from the one before it, the first from the SIPI that
 * started the AP; for an AP that stopped before its record, how far the
 * timeout inferred it got (smp/attribute.h).
 */
#include "../boot/trampoline.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "attribute.h"
#include "report_row.h"

/*
 * When the SIPI that woke the AP was sent: the last one before its first
 * breadcrumb. With sipi=2 a quick AP is running before the second is sent,
 * so "the last SIPI" would give it no realmode step at all. A broadcast's
 * SIPIs are kept in the BSP's slot.
 */
static uint64_t starting_sipi(const struct cpu *c, uint64_t first_crumb)
{
	const struct cpu *sender = c->nipi ? c : &cpus[0];
	uint64_t at = 0;

	for (unsigned i = 0; i < sender->nipi; i++) {
		const struct ipi_rec *r = &sender->ipi[i];

		if (r->kind == IPI_SIPI && (!at || r->t_start <= first_crumb))
			at = r->t_start;
	}
	return at ? at : c->kick_end;
}

void steps_report_ap(unsigned slot, const struct cpu *c, const struct report_ctx *x)
{
	const struct ap_crumbs *cr = cpus_crumbs(c);
	char buf[LOG_LINE_MAX - 64];
	size_t o = 0;
	uint64_t prev;

	(void)x;
	if (!cr) {
		struct attribution a;
		char how[96];

		/* Stopped before its record: how far, as the timeout inferred it. */
		attribute(c, &a);
		attribute_format(&a, how, sizeof(how));
		if (a.inferred)
			ev(EV_AP_STEPS, "cpu=%u apic=%#x ticket=%d last=%s%s", slot, c->apic,
			   a.ticket, step_names[a.step], how);
		return;
	}
	/* The first step counts from the SIPI that started the AP, the others from the step before.
	 */
	prev = starting_sipi(c, cr->tsc[STEP_REALMODE]);
	for (unsigned s = STEP_REALMODE; s <= STEP_ONLINE && o < sizeof(buf); s++) {
		if (!cr->tsc[s])
			break;
		o += fmt_buf(buf + o, sizeof(buf) - o, " %s=%llu", step_names[s],
			     (unsigned long long)(cr->tsc[s] > prev ? cr->tsc[s] - prev : 0));
		prev = cr->tsc[s];
	}
	ev(EV_AP_STEPS, "cpu=%u apic=%#x ticket=%d last=%s%s", slot, c->apic, (int)(cr - ap_crumbs),
	   step_names[cr->last], buf);
}
