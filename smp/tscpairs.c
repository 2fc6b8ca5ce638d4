/* SPDX-License-Identifier: MIT */
#include "tscpairs.h"

#include "../arch/cpu.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../tsc/warp.h"
#include "tscjobs.h"
#include "tscsync.h"
#include "tscwarps.h"

/* One pairing at a time, apart from the bringup's (smp/tscsync.c). */
static struct warp_test warp;

static void pair_job(struct cpu *c, const struct smp_params *p, uint32_t side, uint32_t gen)
{
	(void)c;
	(void)warp_run(&warp, (int)side, gen, p->timeout_cycles);
}

static int acked(const struct cpu *c, const struct smp_params *p)
{
	return tsc_job_acked(c, p->timeout_cycles + warp.cycles);
}

/* The warp test between a (the BSP, or an AP) and the AP b: 1 when both ran to its end. */
static int pair_test(struct cpu *a, struct cpu *b, uint64_t loop, const struct smp_params *p)
{
	uint32_t gen = warp_init(&warp, loop);
	int ok;

	tsc_sync_note_stuck(&warp, b);
	/* The BSP takes its own side; an AP gets its side as a job. */
	if (!a->bsp)
		tsc_job_post(a, pair_job, 0, gen);
	tsc_job_post(b, pair_job, 1, gen);
	ok = a->bsp ? warp_run(&warp, 0, gen, p->timeout_cycles) == 0 : acked(a, p);
	/* Acked is answered; done is a loop run to its end in this pairing. */
	return ok && acked(b, p) && warp.done[0] && warp.done[1];
}

void tsc_pairs_run(const struct smp_params *p)
{
	static struct cpu *first[SMP_MAX_CPUS];
	unsigned n = 0, pairs = 0, warped = 0, failed = 0;

	for (unsigned i = 0; i < ncpus; i++)
		if (cpus[i].enabled && (cpus[i].bsp || cpus[i].online) &&
		    tsc_package_first(&cpus[i]))
			first[n++] = &cpus[i];
	for (unsigned a = 0; a < n; a++) {
		for (unsigned b = a + 1; b < n; b++) {
			int ok = pair_test(first[a], first[b], p->tsc_loop_cycles, p);

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
	ktap_check(warped == 0 && failed == 0 && pairs > 0, "tsc_pairs_in_sync",
		   "%u package pairs, %u warped, %u did not finish", pairs, warped, failed);
}

/* An enabled CPU before c in slot order (the order serial bringup takes) in its package, core. */
static int earlier(const struct cpu *c, int same_core)
{
	for (const struct cpu *o = cpus; o < c; o++)
		if (o->enabled && o->place.pkg == c->place.pkg &&
		    (!same_core || o->place.core == c->place.core))
			return 1;
	return 0;
}

/*
 * Which APs a trial tests, and how long, as the bringup decided it (smp/tscsync.c) for
 * serial in slot order: tsc_sync=linux with TSC_ADJUST only the first of each further
 * package; a thread whose core had one up before it the short loop.
 */
static uint64_t trial_loop(const struct cpu *c, const struct smp_params *p)
{
	if (p->tsc_sync == TSC_SYNC_LINUX && p->tsc_adjust && earlier(c, 0))
		return 0;
	return earlier(c, 1) ? p->tsc_short_cycles : p->tsc_loop_cycles;
}

void tsc_trials_run(const struct smp_params *p)
{
	static struct tsc_warps w;
	unsigned trials = 0;

	tsc_warps_begin(&w);
	for (unsigned t = 2; t <= p->tsc_trials; t++) {
		struct tsc_trial r = { .trial = t, .method = tsc_sync_names[p->tsc_sync] };

		tsc_trial_begin(&w, &r);
		for (unsigned i = 1; i < ncpus; i++) {
			struct cpu *c = &cpus[i];
			uint64_t loop = trial_loop(c, p);
			int ok;

			if (!c->enabled || !c->online || !loop)
				continue;
			ok = pair_test(&cpus[0], c, loop, p);
			r.tests++;
			r.failed += !ok;
			r.loop = loop > r.loop ? loop : r.loop;
			for (int s = 0; ok && s < 2; s++) {
				struct warp_seen seen = {
					.a = s ? 0 : i,
					.b = s ? i : 0,
					.also = -1,
					.loops = warp.loops[s],
					.backwards = warp.backwards[s],
					.crossed = warp.crossed[s],
					.handoffs = warp.handoffs[s],
					.max_warp = warp.max_warp[s],
				};

				tsc_trial_add(&w, &r, &seen);
			}
		}
		r.end = rdtsc_ordered();
		r.expected = r.tests + 1;
		r.cpus = r.expected - r.failed;
		tsc_trial_log(&w, &r);
		trials++;
	}
	tsc_warps_check(&w, "tsc_trials_in_sync", trials);
}
