/* SPDX-License-Identifier: MIT */
#include "report.h"

#include "../boot/exception.h"
#include "../boot/trampoline.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../tsc/freq.h"
#include "apicid.h"
#include "attribute.h"
#include "cpus.h"
#include "diagnose.h"
#include "kickfault.h"

static uint64_t gap(uint64_t later, uint64_t earlier)
{
	return later > earlier ? later - earlier : 0;
}

/*
 * Where each phase began and ended on the BSP's TSC; 0 where it never did.
 * With a handshake the BSP's own stamps bound the waits it timed, drains
 * before a wait left out; without one the AP's stamps tell the phases.
 */
static void phase_bounds(const struct cpu *c, int handshake, uint64_t b[PH_COUNT][2])
{
	b[PH_KICK][0] = c->kick_start;
	b[PH_KICK][1] = c->kick_end;
	b[PH_ALIVE][0] = c->kick_end;
	if (handshake) {
		b[PH_ALIVE][1] = c->seen_alive;
		b[PH_CALLIN][0] = c->callout_at;
		b[PH_CALLIN][1] = c->seen_callin;
		b[PH_TSC][0] = c->tsc_start;
		b[PH_TSC][1] = c->tsc_done;
		b[PH_ONLINE][0] = c->tsc_done;
		b[PH_ONLINE][1] = c->seen_online;
	} else {
		b[PH_ALIVE][1] = c->ap_alive;
		b[PH_CALLIN][0] = c->ap_alive;
		b[PH_CALLIN][1] = c->ap_callin;
		b[PH_TSC][0] = c->ap_callin;
		b[PH_TSC][1] = c->ap_tsc;
		b[PH_ONLINE][0] = c->ap_tsc;
		b[PH_ONLINE][1] = c->ap_online;
	}
}

/* The four waits of the seed's "CPU#n up in" line, in TSC cycles. */
static void phase_cycles(const struct cpu *c, int handshake, uint64_t out[4])
{
	uint64_t b[PH_COUNT][2];

	phase_bounds(c, handshake, b);
	for (int i = 0; i < 4; i++)
		out[i] = b[PH_ALIVE + i][1] ? gap(b[PH_ALIVE + i][1], b[PH_ALIVE + i][0]) : 0;
}

_Static_assert(PH_KICK == 0 && PH_ALIVE == 1 && PH_ONLINE == 4 && PH_COUNT == 5,
	       "phase_cycles fills the four waits after the kick");

void smp_cpu_phases(const struct cpu *c, const struct smp_params *p, uint64_t out[PH_COUNT])
{
	phase_cycles(c, p->flow != FLOW_PARALLEL && p->flow != FLOW_BROADCAST, out + PH_ALIVE);
	out[PH_KICK] = gap(c->kick_end, c->kick_start);
}

/*
 * Each phase as <start>-<end> in cycles from the run's first kick, for a
 * timeline on one axis ("-" where it never began); a CPU that timed out
 * shows its last phase ending when the BSP gave up. Drains are not left
 * out here: they show as gaps between phases.
 */
static void report_times(unsigned slot, const struct cpu *c, int handshake, uint64_t t0)
{
	uint64_t b[PH_COUNT][2];
	char buf[LOG_LINE_MAX - 64];
	size_t o = 0;

	phase_bounds(c, handshake, b);
	if (c->timed_out && (unsigned)c->timeout_phase < PH_COUNT) {
		b[c->timeout_phase][1] = c->gave_up_at;
		if (!b[c->timeout_phase][0])
			b[c->timeout_phase][0] = c->kick_end;
	}
	for (int i = 0; i < PH_COUNT && o < sizeof(buf); i++) {
		/* An AP can answer before the BSP's kick ends (the second SIPI): no length then. */
		if (b[i][1] && b[i][1] < b[i][0] && b[i][1] >= c->kick_start)
			b[i][0] = b[i][1];
		if (b[i][0] < t0 || !b[i][1] || b[i][1] < b[i][0])
			o += fmt_buf(buf + o, sizeof(buf) - o, " %s=-", phase_names[i]);
		else
			o += fmt_buf(buf + o, sizeof(buf) - o, " %s=%llu-%llu", phase_names[i],
				     (unsigned long long)(b[i][0] - t0),
				     (unsigned long long)(b[i][1] - t0));
	}
	ev(EV_AP_TIMES, "cpu=%u apic=%#x%s", slot, c->apic, buf);
}

/* Does the AP's own CPUID agree with the place the BSP gave it from the MADT? */
static int same_place(const struct cpu *c)
{
	return c->cpuid_apic == c->apic && c->own_place.pkg == c->place.pkg &&
	       c->own_place.core == c->place.core && c->own_place.smt == c->place.smt;
}

static const char *cpu_state(const struct cpu *c, char *buf, size_t size)
{
	if (c->excepted)
		fmt_buf(buf, size, "exception");
	else if (c->online && !c->timed_out)
		fmt_buf(buf, size, "online");
	else if (c->timed_out)
		fmt_buf(buf, size, "timeout-%s%s", phase_names[c->timeout_phase],
			c->late ? "-late" : "");
	else
		fmt_buf(buf, size, "not-kicked");
	return buf;
}

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

static void report_steps(unsigned slot, const struct cpu *c)
{
	const struct ap_crumbs *cr = cpus_crumbs(c);
	char buf[LOG_LINE_MAX - 64];
	size_t o = 0;
	uint64_t prev;

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
			     (unsigned long long)gap(cr->tsc[s], prev));
		prev = cr->tsc[s];
	}
	ev(EV_AP_STEPS, "cpu=%u apic=%#x ticket=%d last=%s%s", slot, c->apic, (int)(cr - ap_crumbs),
	   step_names[cr->last], buf);
}

static void report_ipis(unsigned slot, const struct cpu *c)
{
	for (unsigned i = 0; i < c->nipi; i++)
		ev(EV_IPI,
		   "cpu=%u apic=%#x kind=%s icr=%#llx cycles=%llu esr=%#x timed_out=%u icr_busy=%u",
		   slot, c->apic, ipi_kind_names[c->ipi[i].kind], (unsigned long long)c->ipi[i].icr,
		   (unsigned long long)c->ipi[i].cycles, c->ipi[i].esr, c->ipi[i].timed_out,
		   c->ipi[i].icr_busy);
}

static void report_cpu(unsigned slot, const struct cpu *c, int handshake, uint64_t sums[5])
{
	uint64_t ph[4], total;
	char state[32];

	phase_cycles(c, handshake, ph);
	total = ph[0] + ph[1] + ph[2] + ph[3];
	ev(EV_AP,
	   "cpu=%u apic=%#x pkg=%u core=%u smt=%u state=%s kick=%llu alive=%llu callin=%llu "
	   "tsc=%llu online=%llu total=%llu us=%llu ucode=%#x mtrr=%s cr0_cd=%u topo=%s ghost=%u "
	   "tsc_sync=%u tsc_loop=%llu warp_loops=%llu backwards=%llu crossed=%llu warp_max=%llu "
	   "tsc_adjust=%lld skewed=%u tsc_meet=%llu tsc_ran=%llu",
	   slot, c->apic, c->place.pkg, c->place.core, c->place.smt,
	   cpu_state(c, state, sizeof(state)), (unsigned long long)gap(c->kick_end, c->kick_start),
	   (unsigned long long)ph[0], (unsigned long long)ph[1], (unsigned long long)ph[2],
	   (unsigned long long)ph[3], (unsigned long long)total,
	   (unsigned long long)tsc_cycles_to_us(total), c->ucode,
	   !c->callin	  ? "unknown"
	   : c->mtrr_same ? "same"
			  : "differs",
	   c->cr0_cd,
	   !c->callin	   ? "unknown"
	   : same_place(c) ? "same"
			   : "differs",
	   c->ghost, c->tsc_synced, (unsigned long long)c->tsc_loop,
	   (unsigned long long)c->warp_loops, (unsigned long long)c->warp_backwards,
	   (unsigned long long)c->warp_crossed, (unsigned long long)c->warp_max,
	   (long long)c->tsc_adjust, c->skewed,
	   (unsigned long long)(c->warp_start ? gap(c->warp_start, c->tsc_start) : 0),
	   (unsigned long long)gap(c->warp_stop, c->warp_start));
	report_ipis(slot, c);
	if (c->wr_set == 1) /* not logged yet by its disarm */
		ev(EV_CMOS, "when=setup cpu=%u write_reg0f=0x0a reg0f=%#04x vector=%04x:%04x", slot,
		   c->wr_reg0f, c->wr_seg, c->wr_off);
	report_steps(slot, c);
	if (c->excepted)
		ev(EV_EXCEPTION,
		   "cpu=%u apic=%#x vector=%u name=%s error=%#llx rip=%#llx cr2=%#llx step=%s",
		   slot, c->apic, c->exc_vector, exception_name(c->exc_vector),
		   (unsigned long long)c->exc_error, (unsigned long long)c->exc_rip,
		   (unsigned long long)c->exc_cr2, step_names[c->exc_step]);
	if (c->online)
		log_line("# CPU#%u up in %llu, %llu, %llu, %llu ( %llu)", slot,
			 (unsigned long long)ph[0], (unsigned long long)ph[1],
			 (unsigned long long)ph[2], (unsigned long long)ph[3],
			 (unsigned long long)total);
	sums[0] += gap(c->kick_end, c->kick_start);
	for (int i = 0; i < 4; i++)
		sums[i + 1] += ph[i];
}

/*
 * What the warp tests found, and TSC_ADJUST against the first CPU of each
 * package: Linux warns of the latter and rewrites it; here it is told.
 */
static void report_tsc(const struct smp_params *p)
{
	uint64_t worst = 0;
	unsigned warped = 0, synced = 0, adjust_differs = 0;
	char where[96] = "";

	for (unsigned i = 1; i < ncpus; i++) {
		const struct cpu *c = &cpus[i], *ref = NULL;

		for (unsigned k = 0; k < ncpus && !ref; k++)
			if (cpus[k].place.pkg == c->place.pkg && cpus[k].tsc_adjust_known)
				ref = &cpus[k];
		if (ref && ref != c && c->tsc_adjust_known && c->tsc_adjust != ref->tsc_adjust) {
			adjust_differs++;
			log_line("# TSC_ADJUST differs: CPU%u %lld, CPU%u %lld (package %u)",
				 (unsigned)(ref - cpus), (long long)ref->tsc_adjust, i,
				 (long long)c->tsc_adjust, c->place.pkg);
		}
		synced += c->tsc_synced;
		if (!c->warp_backwards)
			continue;
		warped++;
		if (c->warp_max > worst) {
			worst = c->warp_max;
			fmt_buf(where, sizeof(where),
				"CPU%u (apic %#x): back by %llu cycles, %llu times", i, c->apic,
				(unsigned long long)c->warp_max,
				(unsigned long long)c->warp_backwards);
		}
	}
	if (p->tsc_sync == TSC_SYNC_OFF || !synced)
		return;
	ktap_check(warped == 0, "tsc_in_sync",
		   warped ? "%u of %u APs warped; worst %s" : "%u APs tested, no warp",
		   warped ? warped : synced, synced, where);
	(void)adjust_differs;
}

/* Broadcast: each claim maps back to an APIC ID; an enabled CPU that never claimed is named. */
static unsigned report_claims(void)
{
	unsigned n = ap_claim_next < AP_MAX_TICKETS ? ap_claim_next : AP_MAX_TICKETS, missing = 0;

	for (unsigned i = 0; i < n; i++)
		ev(EV_CLAIM, "index=%u apic=%#x cpu=%d", i, ap_claims[i],
		   cpus_slot_of(ap_claims[i]));
	for (unsigned s = 1; s < ncpus; s++) {
		int found = 0;

		for (unsigned i = 0; i < n; i++)
			found |= ap_claims[i] == cpus[s].apic;
		if (cpus[s].enabled && !found) {
			ev(EV_CLAIM, "missing=1 apic=%#x cpu=%u", cpus[s].apic, s);
			missing++;
		}
	}
	return missing;
}

static unsigned report_parked(void)
{
	unsigned n = trampoline_tickets(), parked = 0;

	for (unsigned t = 0; t < n && t < AP_MAX_TICKETS; t++) {
		if (!ap_crumbs[t].parked)
			continue;
		parked++;
		ev(EV_TRAMPOLINE, "ticket=%u parked=1 apic=%#x cpuid_apic=%#x", t,
		   ap_crumbs[t].apic, ap_crumbs[t].cpuid_apic);
	}
	return parked;
}

int smp_report(const char *case_name, const struct smp_params *p, const struct smp_result *r)
{
	int handshake = p->flow != FLOW_PARALLEL && p->flow != FLOW_BROADCAST;
	uint64_t sums[5] = { 0 }, cycles;
	unsigned exceptions = 0, parked, missing = 0, enabled = cpus_enabled(), differ = 0,
		 mtrr = 0;
	unsigned online = cpus_online();
	char failed[160];
	size_t o = 0;

	failed[0] = '\0';
	cycles = r->last_online > r->first_kick
			 ? gap(r->last_online - r->first_kick, r->drain_in_window)
			 : 0;
	ev(EV_BRINGUP,
	   "case=%s flow=%s cpus=%u/%u cycles=%llu us=%llu drain_cycles=%llu tsc_sync=%s",
	   case_name, flow_names[p->flow], online, enabled, (unsigned long long)cycles,
	   (unsigned long long)tsc_cycles_to_us(cycles), (unsigned long long)r->drain_in_window,
	   !handshake || p->tsc_sync == TSC_SYNC_OFF ? "skipped" : tsc_sync_names[p->tsc_sync]);
	for (unsigned i = 1; i < ncpus; i++) {
		if (!cpus[i].enabled)
			continue;
		report_cpu(i, &cpus[i], handshake, sums);
		if (cpus[i].kicked)
			report_times(i, &cpus[i], handshake, r->first_kick);
		exceptions += cpus[i].excepted;
		differ += cpus[i].callin && !same_place(&cpus[i]);
		mtrr += cpus[i].callin && !cpus[i].mtrr_same;
		if ((!cpus[i].online || cpus[i].timed_out) && o + 16 < sizeof(failed))
			o += fmt_buf(failed + o, sizeof(failed) - o, "%s%u(%#x)", o ? " " : "", i,
				     cpus[i].apic);
	}
	ev(EV_TOTALS, "kick=%llu alive=%llu callin=%llu tsc=%llu online=%llu",
	   (unsigned long long)sums[0], (unsigned long long)sums[1], (unsigned long long)sums[2],
	   (unsigned long long)sums[3], (unsigned long long)sums[4]);
	if (p->flow == FLOW_BROADCAST) {
		/* The broadcast's IPIs went to all-excluding-self; the BSP's slot keeps them. */
		report_ipis(0, &cpus[0]);
		missing = report_claims();
	}
	parked = report_parked();
	apicid_report_aps(p->apicid_source, p->bsp_fw_x2apic);
	diagnose_step_counts();

	ktap_check(online == enabled, "cpus_online", "%u/%u online%s%s", online, enabled,
		   o ? "; not online: " : "", failed);
	ktap_check(exceptions == 0, "no_ap_exceptions", "%u APs took an exception", exceptions);
	kickfault_report(p);
	report_tsc(p);
	/* A finding, not a failure: INIT may clear MTRRs, and Linux copies the BSP's
	 * (mtrr_ap_init). */
	if (mtrr)
		log_line("# %u APs' MTRRs differ from the BSP's after INIT (ev=ap mtrr=differs)",
			 mtrr);
	ktap_check(differ == 0, "ap_topology_matches",
		   "%u APs' own CPUID places them elsewhere than their APIC ID says (ev=ap topo=)",
		   differ);
	ktap_check(parked == 0, "no_parked_aps", "%u APs found no slot for their APIC ID", parked);
	if (p->flow == FLOW_BROADCAST)
		ktap_check(missing == 0, "every_apic_claimed", "%u APIC IDs never claimed a slot",
			   missing);
	return online == enabled && exceptions == 0 && parked == 0 && missing == 0 && differ == 0;
}
