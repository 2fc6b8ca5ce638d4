/* SPDX-License-Identifier: MIT */
/*
 * How the APs found their slots, told after a bringup: broadcast's claims
 * (each AP takes a ticket and maps its APIC ID back) and the APs that
 * parked for want of a slot for their APIC ID (smp/reports.def).
 */
#include "../boot/trampoline.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../lib/string.h"
#include "report_row.h"

/*
 * What the lines rows counted, for the checks logged after them: an AP
 * still running could claim or park in between, and a check then
 * disagreeing with the lines above it would mislead.
 */
static unsigned missing_seen, parked_seen;
/* The APs that found a slot outside the plan and parked, by reason (enum outside_reason). */
static unsigned outside_seen[OUTSIDE_REASON_COUNT];

static unsigned claims(void)
{
	return ap_claim_next < AP_MAX_TICKETS ? ap_claim_next : AP_MAX_TICKETS;
}

static int claimed(uint32_t apic, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (ap_claims[i] == apic)
			return 1;
	return 0;
}

/* Broadcast: each claim maps back to an APIC ID; an enabled CPU that never claimed is named. */
unsigned slots_report_claims(const struct report_ctx *x)
{
	unsigned n = claims();

	missing_seen = 0;
	if (x->p->flow != FLOW_BROADCAST)
		return 0;
	for (unsigned i = 0; i < n; i++)
		ev(EV_CLAIM, "index=%u apic=%#x cpu=%d", i, ap_claims[i],
		   cpus_slot_of(ap_claims[i]));
	for (unsigned s = 1; s < ncpus; s++) {
		if (cpus[s].enabled && !claimed(cpus[s].apic, n)) {
			ev(EV_CLAIM, "missing=1 apic=%#x cpu=%u", cpus[s].apic, s);
			missing_seen++;
		}
	}
	return 0;
}

unsigned slots_check_claims(const struct report_ctx *x)
{
	if (x->p->flow != FLOW_BROADCAST)
		return 0;
	ktap_check(missing_seen == 0, "every_apic_claimed", "%u APIC IDs never claimed a slot",
		   missing_seen);
	return missing_seen;
}

/* An AP woken though its slot is outside the plan (only a broadcast wakes one): named. */
static void report_outside(unsigned t, const struct ap_crumbs *cr)
{
	unsigned slot = cr->slot < ncpus ? cr->slot : 0;
	enum outside_reason why = (enum outside_reason)cpus[slot].outside;

	/* The BSP's slot: an AP answering to the BSP's APIC ID, whatever the table says. */
	if (slot == 0 || why == OUTSIDE_NONE || (unsigned)why >= (unsigned)OUTSIDE_REASON_COUNT)
		why = OUTSIDE_BSP;
	outside_seen[why]++;
	ev(EV_TRAMPOLINE, "ticket=%u outside=%s apic=%#x cpu=%u cpuid_apic=%#x", t,
	   outside_reason_names[why], cr->apic, slot, cr->cpuid_apic);
}

unsigned slots_report_parked(const struct report_ctx *x)
{
	unsigned n = trampoline_tickets();

	(void)x;
	parked_seen = 0;
	memset(outside_seen, 0, sizeof(outside_seen));
	for (unsigned t = 0; t < n && t < AP_MAX_TICKETS; t++) {
		if (ap_crumbs[t].outside)
			report_outside(t, &ap_crumbs[t]);
		if (!ap_crumbs[t].parked)
			continue;
		parked_seen++;
		ev(EV_TRAMPOLINE, "ticket=%u parked=1 apic=%#x cpuid_apic=%#x", t,
		   ap_crumbs[t].apic, ap_crumbs[t].cpuid_apic);
	}
	return 0;
}

unsigned slots_check_parked(const struct report_ctx *x)
{
	(void)x;
	ktap_check(parked_seen == 0, "no_parked_aps", "%u APs found no slot for their APIC ID",
		   parked_seen);
	return parked_seen;
}

/*
 * A CPU outside the plan that woke: one the knobs left out (maxcpus=, or an
 * ID the run's xAPIC mode cannot address) is the broadcast's nature, noted;
 * one the firmware hides (disabled in the MADT) or an AP answering to the
 * BSP's ID is a finding about the machine, and fails (docs/flows.md,
 * "Broadcast").
 */
unsigned slots_check_outside(const struct report_ctx *x)
{
	unsigned bad = outside_seen[OUTSIDE_BSP] + outside_seen[OUTSIDE_MADT_DISABLED], all = 0;
	char note[160];
	size_t at = 0;

	if (x->p->flow != FLOW_BROADCAST)
		return 0;
	note[0] = '\0';
	for (int r = OUTSIDE_BSP; r < OUTSIDE_REASON_COUNT; r++) {
		all += outside_seen[r];
		if (outside_seen[r])
			at += fmt_buf(note + at, sizeof(note) - at, "%s %s: %u", at ? "," : "",
				      outside_reason_names[r], outside_seen[r]);
	}
	ktap_check(bad == 0, "no_cpu_outside_plan", "%u CPUs outside the plan woke and parked%s%s",
		   all, all ? ";" : "", note);
	return bad;
}
