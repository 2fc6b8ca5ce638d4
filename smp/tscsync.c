/* SPDX-License-Identifier: MIT */
#include "tscsync.h"

#include "../arch/cpu.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../lib/wait.h"
#include "../tsc/features.h"
#include "../tsc/skew.h"
#include "../lib/fmt.h"
#include "../tsc/warp.h"
#include "report_row.h"

/* One pairing at a time: the handshake flows take APs one by one. */
static struct warp_test warp;

/* A warp lock held past its bound (lib/lock.h) is a bug: say so, with the pairing it hit. */
static void note_stuck(const struct cpu *c)
{
	uint32_t n = __atomic_exchange_n(&warp.lock_stuck, 0, __ATOMIC_RELAXED);

	if (n)
		ev(EV_LOCK_STUCK, "lock=warp cpu=%u apic=%#x timeouts=%u", (unsigned)(c - cpus),
		   c->apic, n);
}

static int package_has_online(const struct cpu *c)
{
	for (unsigned i = 0; i < ncpus; i++)
		if (&cpus[i] != c && cpus[i].place.pkg == c->place.pkg &&
		    (cpus[i].bsp || cpus[i].online))
			return 1;
	return 0;
}

static int core_has_online(const struct cpu *c)
{
	for (unsigned i = 0; i < ncpus; i++)
		if (&cpus[i] != c && cpus[i].place.pkg == c->place.pkg &&
		    cpus[i].place.core == c->place.core && (cpus[i].bsp || cpus[i].online))
			return 1;
	return 0;
}

/*
 * tsc_sync=linux, as Linux decides: with TSC_ADJUST the first CPU of each
 * further package runs the test and the rest trust TSC_ADJUST; without it,
 * every AP runs it.
 */
static int needed(const struct cpu *c, const struct smp_params *p)
{
	switch (p->tsc_sync) {
	case TSC_SYNC_EVERY:
		return 1;
	case TSC_SYNC_LINUX:
		return !p->tsc_adjust || !package_has_online(c);
	default:
		return 0;
	}
}

void tsc_sync_prepare(struct cpu *c, const struct smp_params *p)
{
	c->tsc_synced = (uint8_t)needed(c, p);
	if (!c->tsc_synced)
		return;
	/* A thread whose core already has one online gets the short loop, as Linux gives siblings.
	 */
	c->tsc_loop = core_has_online(c) ? p->tsc_short_cycles : p->tsc_loop_cycles;
	/* Set before tsc_go is released, which the AP waits for (an acquire). */
	c->warp_gen = warp_init(&warp, c->tsc_loop);
	note_stuck(c);
}

int tsc_sync_source(struct cpu *c, const struct smp_params *p)
{
	if (!c->tsc_synced)
		return 0;
	if (warp_run(&warp, 0, c->warp_gen, p->timeout_cycles)) {
		note_stuck(c);
		return -1;
	}
	/* Both loop equally long; the AP gets one timeout more to say it is done. */
	if (!wait_flag(&warp.done[1], wait_cycles(p->timeout_cycles), NULL))
		return -1;
	c->warp_loops = warp.loops[0] + warp.loops[1];
	c->warp_backwards = warp_backwards(&warp);
	c->warp_crossed = warp.crossed[0] + warp.crossed[1];
	c->warp_max = warp_max(&warp);
	c->warp_start = warp.start[0];
	c->warp_stop = warp.stop[0];
	return 0;
}

void tsc_sync_target(struct cpu *c, const struct smp_params *p, uint64_t patience)
{
	if (p->fault.skew && p->fault.skew_apic == c->apic) {
		struct tsc_features tf;

		c->skew_failed = (uint8_t)(tsc_skew(p->fault.skew_cycles) != 0);
		c->skewed = !c->skew_failed;
		/* Where the skew went through TSC_ADJUST, the report should see it there too. */
		tsc_features_read(&tf);
		c->tsc_adjust = tf.adjust;
		c->tsc_adjust_known = (uint8_t)tf.adjust_known;
	}
	if (c->tsc_synced)
		(void)warp_run(&warp, 1, c->warp_gen, patience);
}

#define JOB_STOP 2

/* The first CPU of c's package in slot order: the one a package is tested through. */
static int package_first(const struct cpu *c)
{
	for (unsigned i = 0; i < ncpus; i++)
		if (cpus[i].enabled && cpus[i].place.pkg == c->place.pkg)
			return &cpus[i] == c;
	return 0;
}

struct job_wait {
	const struct cpu *c;
	uint32_t seen;
};

static int job_posted(const void *ctx)
{
	const struct job_wait *w = ctx;

	return __atomic_load_n(&w->c->job_seq, __ATOMIC_ACQUIRE) != w->seen;
}

void tsc_pairs_serve(struct cpu *c, const struct smp_params *p, uint64_t patience)
{
	struct job_wait w = { c, 0 };
	uint32_t seen;

	if (!package_first(c))
		return;
	for (;;) {
		if (!wait_until(job_posted, &w, wait_cycles(patience), NULL))
			return;
		seen = w.seen = c->job_seq;
		if (c->job_side == JOB_STOP)
			return;
		(void)warp_run(&warp, (int)c->job_side, c->job_gen, p->timeout_cycles);
		__atomic_store_n(&c->job_ack, seen, __ATOMIC_RELEASE);
	}
}

static void post(struct cpu *c, uint32_t side, uint32_t gen)
{
	c->job_side = side;
	c->job_gen = gen;
	__atomic_fetch_add(&c->job_seq, 1, __ATOMIC_ACQ_REL);
}

static int job_acked(const void *ctx)
{
	const struct cpu *c = ctx;

	return __atomic_load_n(&c->job_ack, __ATOMIC_ACQUIRE) == c->job_seq;
}

static int acked(struct cpu *c, const struct smp_params *p)
{
	return wait_until(job_acked, c, wait_cycles(p->timeout_cycles + warp.cycles), NULL);
}

void tsc_pairs_run(const struct smp_params *p)
{
	static struct cpu *first[SMP_MAX_CPUS];
	unsigned n = 0, pairs = 0, warped = 0, failed = 0;

	for (unsigned i = 0; i < ncpus; i++)
		if (cpus[i].enabled && (cpus[i].bsp || cpus[i].online) && package_first(&cpus[i]))
			first[n++] = &cpus[i];
	for (unsigned a = 0; a < n; a++) {
		for (unsigned b = a + 1; b < n; b++) {
			uint32_t gen = warp_init(&warp, p->tsc_loop_cycles);
			int ok;

			note_stuck(first[b]);
			/* The BSP takes its own side; two APs each get theirs as a job. */
			if (!first[a]->bsp)
				post(first[a], 0, gen);
			post(first[b], 1, gen);
			ok = first[a]->bsp ? warp_run(&warp, 0, gen, p->timeout_cycles) == 0
					   : acked(first[a], p);
			/* Acked is answered; done is a loop run to its end in this pairing. */
			ok = ok && acked(first[b], p) && warp.done[0] && warp.done[1];
			pairs++;
			failed += !ok;
			warped += ok && warp_backwards(&warp) != 0;
			ev(EV_TSC_PAIR,
			   "cpu_a=%u pkg_a=%u cpu_b=%u pkg_b=%u done=%d loop=%llu loops=%llu "
			   "backwards=%llu warp_max=%llu",
			   (unsigned)(first[a] - cpus), first[a]->place.pkg,
			   (unsigned)(first[b] - cpus), first[b]->place.pkg, ok,
			   (unsigned long long)warp.cycles,
			   (unsigned long long)(warp.loops[0] + warp.loops[1]),
			   (unsigned long long)warp_backwards(&warp),
			   (unsigned long long)warp_max(&warp));
		}
	}
	for (unsigned i = 0; i < n; i++)
		if (!first[i]->bsp)
			post(first[i], JOB_STOP, 0);
	ktap_check(warped == 0 && failed == 0 && pairs > 0, "tsc_pairs_in_sync",
		   "%u package pairs, %u warped, %u did not finish", pairs, warped, failed);
}

/*
 * What the warp tests found, and TSC_ADJUST against the first CPU of each
 * package: Linux warns of the latter and rewrites it; here it is told.
 */
unsigned tscsync_report(const struct report_ctx *x)
{
	const struct smp_params *p = x->p;
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
		return 0;
	ktap_check(warped == 0, "tsc_in_sync",
		   warped ? "%u of %u APs warped; worst %s" : "%u APs tested, no warp",
		   warped ? warped : synced, synced, where);
	(void)adjust_differs;
	return 0;
}
