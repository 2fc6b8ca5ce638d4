/* SPDX-License-Identifier: MIT */
/*
 * The five flows (docs/flows.md). Every wait is bounded by timeout_ms;
 * a CPU that misses one is diagnosed and left behind, and the flow goes on.
 */
#include "../apic/timer.h"
#include "../arch/cpu.h"
#include "../boot/exception.h"
#include "../console/log.h"
#include "../console/postcode.h"
#include "../lib/fmt.h"
#include "../lib/wait.h"
#include "cpus.h"
#include "diagnose.h"
#include "kick.h"
#include "kickfault.h"
#include "screen.h"
#include "smi.h"
#include "postcode.h"
#include "tscsync.h"
#include "smp.h"
#include "warmreset.h"

void smp_boundary(const struct smp_params *p, struct smp_result *r)
{
	uint64_t t;

	if (!p->log_live && !postcode_enabled())
		return;
	t = rdtsc();
	/* Port 0x80 is written whatever log= says: postcode=on asked for it. */
	postcode_catch_up();
	if (p->log_live)
		log_drain();
	r->drain_cycles += rdtsc() - t;
}

/* Sets a go-ahead for an AP, and wakes it when it sleeps in hlt (ap_wait=hlt). */
static void release(struct cpu *c, volatile uint32_t *flag, const struct smp_params *p)
{
	__atomic_store_n(flag, 1, __ATOMIC_RELEASE);
	if (p->ap_wait_hlt && c->kicked)
		apic_send_fixed(c->apic, AP_WAKE_VECTOR);
}

static void phase_done(struct cpu *c, enum phase ph, uint64_t cycles)
{
	int64_t smi = smi_in(c, ph, ph);
	char n[24] = "";

	/* The SMIs inside the window, where the BSP counts them (smp/smi.h). */
	if (smi >= 0)
		fmt_buf(n, sizeof(n), " smi=%lld", (long long)smi);
	ev(EV_PHASE, "cpu=%u apic=%#x phase=%s cycles=%llu%s", (unsigned)(c - cpus), c->apic,
	   phase_names[ph], (unsigned long long)cycles, n);
}

static void note_online(struct cpu *c, const struct smp_params *p, struct smp_result *r)
{
	uint64_t t = c->seen_online ? c->seen_online : c->ap_online;

	if (t > r->last_online) {
		r->last_online = t;
		r->drain_in_window = r->drain_cycles;
	}
	/* fault=bsp-ud2:mid: the BSP fails with half its APs up and the rest in flight. */
	if (p->fault.bsp_ud2_mid &&
	    ++r->onlines == (cpus_enabled() > 3 ? (cpus_enabled() - 1) / 2 : 1)) {
		exception_set_step("bringup: flow, fault=bsp-ud2:mid with half the APs online");
		exception_inject_ud2();
	}
}

struct answer_wait {
	const struct cpu *c;
	const volatile uint32_t *flag;
};

/* The AP answered, or a machine check stopped it: either ends the wait. */
static int ap_answered(const void *ctx)
{
	const struct answer_wait *w = ctx;

	return __atomic_load_n(w->flag, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&w->c->mce_stopped, __ATOMIC_ACQUIRE);
}

/* As wait_flag, but no AP a machine check stopped is waited for to the end. */
static int wait_ap(struct cpu *c, volatile uint32_t *flag, struct wait_bound b, uint64_t *seen)
{
	struct answer_wait w = { c, flag };
	uint64_t t;

	if (!wait_until(ap_answered, &w, b, &t) || !*flag)
		return 0;
	if (seen)
		*seen = t;
	return 1;
}

/*
 * A wait for c ran out: diagnosed; with fault=reset, the hang ends in a reset. An AP a
 * machine check stopped is no timeout: it is named as what it is (boot/mce.c has its banks).
 */
static void timed_out(struct cpu *c, enum phase ph, const struct smp_params *p,
		      struct smp_result *r)
{
	smi_close(c, ph);
	if (c->mce_stopped) {
		diagnose_mce_stop(c, ph, r);
		return;
	}
	diagnose_timeout(c, ph, r);
	if (p->fault.reset_on_hang)
		warm_reset_fault_reset(c, ph);
}

/* The realmode counter before a kick: the APs of a disarm are counted from it. */
static uint32_t realmode_count(void)
{
	return trampoline_count(STEP_REALMODE);
}

/* The BSP's side of one AP after its kick, as Linux did it up to 6.4. */
static void handshake(struct cpu *c, const struct smp_params *p, struct smp_result *r)
{
	if (!wait_ap(c, &c->alive, wait_cycles(p->timeout_cycles), &c->seen_alive)) {
		timed_out(c, PH_ALIVE, p, r);
		return;
	}
	smi_close(c, PH_ALIVE);
	phase_done(c, PH_ALIVE, c->seen_alive - c->kick_end);
	smp_boundary(p, r);
	smi_open(c, PH_CALLIN);
	c->callout_at = rdtsc_ordered();
	release(c, &c->callout, p);
	if (!wait_ap(c, &c->callin, wait_cycles(p->timeout_cycles), &c->seen_callin)) {
		timed_out(c, PH_CALLIN, p, r);
		return;
	}
	smi_close(c, PH_CALLIN);
	phase_done(c, PH_CALLIN, c->seen_callin - c->callout_at);
	smp_boundary(p, r);
	smi_open(c, PH_TSC);
	c->tsc_start = rdtsc_ordered();
	tsc_sync_prepare(c, p);
	release(c, &c->tsc_go, p);
	if (tsc_sync_source(c, p)) {
		timed_out(c, PH_TSC, p, r);
		return;
	}
	c->tsc_done = rdtsc_ordered();
	smi_close(c, PH_TSC);
	smi_open(c, PH_ONLINE);
	if (!wait_ap(c, &c->online, wait_cycles(p->timeout_cycles), &c->seen_online)) {
		timed_out(c, PH_ONLINE, p, r);
		return;
	}
	smi_close(c, PH_ONLINE);
	phase_done(c, PH_ONLINE, c->seen_online - c->tsc_done);
	note_online(c, p, r);
	smp_boundary(p, r);
}

/* The APs to bring up, in the order the order= knob asks for. */
static unsigned make_order(enum order o, struct cpu **list)
{
	unsigned n = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 1; i < ncpus; i++) {
			struct cpu *c = &cpus[o == ORDER_REVERSE ? ncpus - i : i];
			int primary = c->place.smt == 0;

			if (!c->enabled)
				continue;
			if ((o == ORDER_PRIMARIES_FIRST && primary != (pass == 0)) ||
			    (o == ORDER_SIBLINGS_FIRST && primary == (pass == 0)) ||
			    ((o == ORDER_MADT || o == ORDER_REVERSE) && pass == 1))
				continue;
			list[n++] = c;
		}
	}
	return n;
}

static void first_kick(struct cpu *c, struct smp_result *r)
{
	if (!r->first_kick || c->kick_start < r->first_kick)
		r->first_kick = c->kick_start;
}

static void prepare(struct cpu *c, const struct smp_params *p)
{
	release(c, &c->prepared, p);
}

/* After its kick, an AP the BSP does not handshake with runs to online by itself. */
static void wait_unattended(struct cpu *c, struct wait_bound wave, const struct smp_params *p,
			    struct smp_result *r)
{
	if (!wait_ap(c, &c->online, wave, &c->seen_online)) {
		timed_out(c, !c->alive ? PH_ALIVE : !c->callin ? PH_CALLIN : PH_ONLINE, p, r);
		return;
	}
	/* The BSP's one window for such an AP: from its kick's end to online, all in online. */
	smi_close(c, PH_ONLINE);
	note_online(c, p, r);
}

/* last: no wave follows, so warm_reset=once disarms after this one's kicks. */
static void run_wave(struct cpu **list, unsigned n, int last, const struct smp_params *p,
		     struct smp_result *r)
{
	struct wait_bound wave;
	uint32_t base = realmode_count();

	for (unsigned i = 0; i < n; i++) {
		list[i]->prepared = list[i]->callout = list[i]->tsc_go = 1;
		kick_one(list[i], p);
		first_kick(list[i], r);
	}
	if (p->warm_reset == WR_PER_CPU || last)
		warm_reset_disarm_after(list, n, base, p->timeout_cycles);
	wave = wait_cycles(p->timeout_cycles);
	for (unsigned i = 0; i < n; i++)
		wait_unattended(list[i], wave, p, r);
	for (unsigned i = 0; i < n; i++)
		if (list[i]->online)
			phase_done(list[i], PH_ONLINE, list[i]->ap_online - list[i]->kick_end);
	smp_boundary(p, r);
}

static void flow_parallel(struct cpu **list, unsigned n, const struct smp_params *p,
			  struct smp_result *r)
{
	static struct cpu *wave[SMP_MAX_CPUS];

	/* Linux 6.5: primaries (thread 0 of each core) first, then their siblings. */
	for (int siblings = 0; siblings < 2; siblings++) {
		unsigned k = 0, later = 0;

		for (unsigned i = 0; i < n; i++) {
			if ((list[i]->place.smt != 0) == siblings)
				wave[k++] = list[i];
			else if (!siblings)
				later++;
		}
		if (k)
			run_wave(wave, k, !later, p, r);
	}
}

static void flow_broadcast(struct cpu **list, unsigned n, const struct smp_params *p,
			   struct smp_result *r)
{
	struct wait_bound wave;
	uint32_t base = realmode_count();

	for (unsigned i = 0; i < n; i++)
		list[i]->prepared = list[i]->callout = list[i]->tsc_go = 1;
	/* One kick for every AP: per-cpu arms around it as once does. */
	if (p->warm_reset == WR_PER_CPU)
		warm_reset_setup(NULL);
	kick_broadcast(p);
	first_kick(&cpus[0], r);
	warm_reset_disarm_after(list, n, base, p->timeout_cycles);
	wave = wait_cycles(p->timeout_cycles);
	for (unsigned i = 0; i < n; i++)
		wait_unattended(list[i], wave, p, r);
	smp_boundary(p, r);
}

struct cpu *smp_first_kicked(const struct smp_params *p)
{
	static struct cpu *list[SMP_MAX_CPUS];
	unsigned n = make_order(p->flow == FLOW_PARALLEL    ? ORDER_PRIMARIES_FIRST
				: p->flow == FLOW_BROADCAST ? ORDER_MADT
							    : p->order,
				list);

	return n ? list[0] : NULL;
}

void smp_run(const struct smp_params *p, struct smp_result *r)
{
	static struct cpu *list[SMP_MAX_CPUS];
	unsigned n = make_order(p->flow == FLOW_PARALLEL ? ORDER_MADT : p->order, list);

	screen_cpus_start();
	smi_setup(p);
	if (p->warm_reset == WR_ONCE)
		warm_reset_setup(NULL);
	switch (p->flow) {
	case FLOW_SERIAL:
		for (unsigned i = 0; i < n; i++) {
			uint32_t base = realmode_count();

			prepare(list[i], p);
			kick_one(list[i], p);
			first_kick(list[i], r);
			/* per-cpu: this AP; once: the last kicked one, the others are past. */
			if (p->warm_reset == WR_PER_CPU || i + 1 == n)
				warm_reset_disarm_after(&list[i], 1, base, p->timeout_cycles);
			handshake(list[i], p, r);
		}
		break;
	case FLOW_EARLY_KICK:
	case FLOW_KICK_BEFORE_PREPARE:
		for (unsigned i = 0, base = realmode_count(); i < n; i++) {
			uint32_t one = realmode_count();

			if (p->flow == FLOW_EARLY_KICK)
				prepare(list[i], p);
			kick_one(list[i], p);
			first_kick(list[i], r);
			if (p->warm_reset == WR_PER_CPU)
				warm_reset_disarm_after(&list[i], 1, one, p->timeout_cycles);
			else if (i + 1 == n)
				warm_reset_disarm_after(list, n, base, p->timeout_cycles);
		}
		for (unsigned i = 0; i < n; i++) {
			prepare(list[i], p);
			handshake(list[i], p, r);
		}
		break;
	case FLOW_PARALLEL:
		flow_parallel(list, n, p, r);
		break;
	case FLOW_BROADCAST:
		flow_broadcast(list, n, p, r);
		break;
	}
	/* What the last AP did after the last boundary (a timeout has none of its own). */
	postcode_catch_up();
	kickfault_sipi_again(p);
	warm_reset_restore();
}
