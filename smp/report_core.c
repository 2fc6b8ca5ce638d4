/* SPDX-License-Identifier: MIT */
#include "report_core.h"

#include "../boot/exception.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../tsc/freq.h"
#include "callin.h"
#include "kickfault.h"
#include "report_row.h"
#include "smi.h"

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

static const char *cpu_state(const struct cpu *c, char *buf, size_t size)
{
	if (c->mce_stopped)
		fmt_buf(buf, size, "machine-check");
	else if (c->excepted)
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
 * Each phase as <start>-<end> in cycles from the run's first kick, for a
 * timeline on one axis ("-" where it never began); a CPU that timed out
 * shows its last phase ending when the BSP gave up. Drains are not left
 * out here: they show as gaps between phases.
 */
void report_ap_times(unsigned slot, const struct cpu *c, const struct report_ctx *x)
{
	uint64_t t0 = x->r->first_kick;
	uint64_t b[PH_COUNT][2];
	char buf[LOG_LINE_MAX - 64];
	size_t o = 0;

	if (!c->kicked)
		return;
	phase_bounds(c, x->handshake, b);
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

/* ev=ap smi=: the SMIs inside every window of the AP, "unknown" where none are counted. */
static const char *smi_word(const struct cpu *c, char *buf, size_t size)
{
	int64_t n = smi_in(c, PH_KICK, PH_ONLINE);

	if (n < 0)
		fmt_buf(buf, size, "unknown");
	else
		fmt_buf(buf, size, "%lld", (long long)n);
	return buf;
}

void report_ap_line(unsigned slot, const struct cpu *c, const struct report_ctx *x)
{
	uint64_t ph[4], total;
	char state[32], smi[24];

	phase_cycles(c, x->handshake, ph);
	total = ph[0] + ph[1] + ph[2] + ph[3];
	ev(EV_AP,
	   "cpu=%u apic=%#x pkg=%u core=%u smt=%u state=%s kick=%llu alive=%llu callin=%llu "
	   "tsc=%llu online=%llu total=%llu us=%llu ucode=%#x mtrr=%s cr0_cd=%u topo=%s ghost=%u "
	   "tsc_sync=%u tsc_loop=%llu warp_loops=%llu backwards=%llu crossed=%llu warp_max=%llu "
	   "tsc_adjust=%lld skewed=%u tsc_meet=%llu tsc_ran=%llu smi=%s",
	   slot, c->apic, c->place.pkg, c->place.core, c->place.smt,
	   cpu_state(c, state, sizeof(state)), (unsigned long long)gap(c->kick_end, c->kick_start),
	   (unsigned long long)ph[0], (unsigned long long)ph[1], (unsigned long long)ph[2],
	   (unsigned long long)ph[3], (unsigned long long)total,
	   (unsigned long long)tsc_cycles_to_us(total), c->ucode, callin_mtrr_word(c), c->cr0_cd,
	   callin_topo_word(c), c->ghost, c->tsc_synced, (unsigned long long)c->tsc_loop,
	   (unsigned long long)c->warp_loops, (unsigned long long)c->warp_backwards,
	   (unsigned long long)c->warp_crossed, (unsigned long long)c->warp_max,
	   (long long)c->tsc_adjust, c->skewed,
	   (unsigned long long)(c->warp_start ? gap(c->warp_start, c->tsc_start) : 0),
	   (unsigned long long)gap(c->warp_stop, c->warp_start), smi_word(c, smi, sizeof(smi)));
}

void report_exception_line(unsigned slot, const struct cpu *c, const struct report_ctx *x)
{
	(void)x;
	if (c->excepted)
		ev(EV_EXCEPTION,
		   "cpu=%u apic=%#x vector=%u name=%s error=%#llx rip=%#llx cr2=%#llx step=%s",
		   slot, c->apic, c->exc_vector, exception_name(c->exc_vector),
		   (unsigned long long)c->exc_error, (unsigned long long)c->exc_rip,
		   (unsigned long long)c->exc_cr2, step_names[c->exc_step]);
}

/* The line the seed printed: the four waits and their sum. */
void report_up_in(unsigned slot, const struct cpu *c, const struct report_ctx *x)
{
	uint64_t ph[4];
	int64_t smi = smi_in(c, PH_ALIVE, PH_ONLINE);
	char mark[32] = "";

	if (!c->online)
		return;
	phase_cycles(c, x->handshake, ph);
	/* After the seed's shape, so a reader of it still reads the line (docs/log-format.md). */
	if (smi > 0)
		fmt_buf(mark, sizeof(mark), " smi=%lld", (long long)smi);
	log_line("# CPU#%u up in %llu, %llu, %llu, %llu ( %llu)%s", slot, (unsigned long long)ph[0],
		 (unsigned long long)ph[1], (unsigned long long)ph[2], (unsigned long long)ph[3],
		 (unsigned long long)(ph[0] + ph[1] + ph[2] + ph[3]), mark);
}

unsigned report_bringup_line(const struct report_ctx *x)
{
	const struct smp_params *p = x->p;
	const struct smp_result *r = x->r;
	uint64_t cycles = r->last_online > r->first_kick
				  ? gap(r->last_online - r->first_kick, r->drain_in_window)
				  : 0;

	ev(EV_BRINGUP,
	   "case=%s flow=%s cpus=%u/%u cycles=%llu us=%llu drain_cycles=%llu tsc_sync=%s",
	   x->case_name, flow_names[p->flow], x->online, x->enabled, (unsigned long long)cycles,
	   (unsigned long long)tsc_cycles_to_us(cycles), (unsigned long long)r->drain_in_window,
	   (!x->handshake && p->tsc_sync != TSC_SYNC_TOGETHER) || p->tsc_sync == TSC_SYNC_OFF
		   ? "skipped"
		   : tsc_sync_names[p->tsc_sync]);
	return 0;
}

unsigned report_totals(const struct report_ctx *x)
{
	uint64_t sums[5] = { 0 };

	for (unsigned i = 1; i < ncpus; i++) {
		const struct cpu *c = &cpus[i];
		uint64_t ph[4];

		if (!c->enabled)
			continue;
		phase_cycles(c, x->handshake, ph);
		sums[0] += gap(c->kick_end, c->kick_start);
		for (int k = 0; k < 4; k++)
			sums[k + 1] += ph[k];
	}
	ev(EV_TOTALS, "kick=%llu alive=%llu callin=%llu tsc=%llu online=%llu",
	   (unsigned long long)sums[0], (unsigned long long)sums[1], (unsigned long long)sums[2],
	   (unsigned long long)sums[3], (unsigned long long)sums[4]);
	return 0;
}

unsigned report_check_online(const struct report_ctx *x)
{
	unsigned online = x->online, enabled = x->enabled;
	char failed[160];
	size_t o = 0;

	failed[0] = '\0';
	for (unsigned i = 1; i < ncpus; i++)
		if (cpus[i].enabled && (!cpus[i].online || cpus[i].timed_out) &&
		    o + 16 < sizeof(failed))
			o += fmt_buf(failed + o, sizeof(failed) - o, "%s%u(%#x)", o ? " " : "", i,
				     cpus[i].apic);
	ktap_check(online == enabled, "cpus_online", "%u/%u online%s%s", online, enabled,
		   o ? "; not online: " : "", failed);
	return online != enabled;
}

unsigned report_check_exceptions(const struct report_ctx *x)
{
	unsigned exceptions = 0;

	(void)x;
	for (unsigned i = 1; i < ncpus; i++)
		exceptions += cpus[i].enabled && cpus[i].excepted;
	ktap_check(exceptions == 0, "no_ap_exceptions", "%u APs took an exception", exceptions);
	return exceptions;
}

/* smp/kickfault.c's check as a row: it takes the parameters alone. */
unsigned report_kick_faults(const struct report_ctx *x)
{
	kickfault_report(x->p);
	return 0;
}
