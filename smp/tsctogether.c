/* SPDX-License-Identifier: MIT */
#include "tsctogether.h"

#include "../arch/cpu.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../lib/wait.h"
#include "../tsc/group.h"
#include "tscjobs.h"
#include "tscwarps.h"

static struct warp_group group;
static struct warp_member members[SMP_MAX_CPUS];
/* Why a CPU is out of the windows from now on: 0 in, else one of these. */
enum { IN, NEVER_JOINED, NOT_FINISHED };
static uint8_t out[SMP_MAX_CPUS];
static uint8_t asked[SMP_MAX_CPUS];

static void member_job(struct cpu *c, const struct smp_params *p, uint32_t side, uint32_t gen)
{
	unsigned who = (unsigned)(c - cpus);

	(void)side;
	/* The door stays open for a timeout, and the start follows it: wait for both. */
	if (!warp_group_join(&group, who, gen))
		(void)warp_group_loop(&group, who, gen, 2 * p->timeout_cycles);
}

struct count {
	uint32_t gen;
	unsigned want;
};

static int all_joined(const void *ctx)
{
	const struct count *k = ctx;

	return warp_group_joined(&group, k->gen) >= k->want;
}

static int all_done(const void *ctx)
{
	const struct count *k = ctx;

	for (unsigned i = 0; i < ncpus; i++)
		if (members[i].joined == k->gen && members[i].done != k->gen)
			return 0;
	return 1;
}

/* One window: every CPU still in is asked, waited for within a timeout, and tested. */
static void window(const struct smp_params *p, struct tsc_warps *w, struct tsc_trial *r)
{
	uint32_t gen = warp_group_open(&group, members, ncpus, p->tsc_loop_cycles);
	struct count k = { gen, 1 };
	uint64_t go;

	tsc_trial_begin(w, r);
	for (unsigned i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];

		asked[i] = c->enabled && c->online && !out[i] && tsc_jobs_served(c, p);
		if (!asked[i])
			continue;
		tsc_job_post(c, member_job, 0, gen);
		k.want++;
	}
	(void)warp_group_join(&group, 0, gen);
	/* Bounded: a CPU that is not in by then is left out, not waited for. */
	(void)wait_until(all_joined, &k, wait_cycles(p->timeout_cycles), NULL);
	r->cpus = warp_group_start(&group, gen);
	go = rdtsc_ordered();
	(void)warp_group_loop(&group, 0, gen, 0);
	(void)wait_until(all_done, &k, wait_since(go, p->tsc_loop_cycles + p->timeout_cycles),
			 NULL);
	warp_group_close(&group, gen);
	r->end = rdtsc_ordered();
	r->expected = k.want;
	r->loop = p->tsc_loop_cycles;
	r->tests = 1;
	for (unsigned i = 0; i < ncpus; i++) {
		const struct warp_member *m = &members[i];
		const struct warp_tally *t = &m->tally;

		if (i && asked[i] && m->joined != gen)
			out[i] = NEVER_JOINED;
		if (m->joined != gen)
			continue;
		if (m->done != gen) {
			out[i] = NOT_FINISHED;
			r->failed++;
			continue;
		}
		tsc_trial_add(
			w, r,
			&(struct warp_seen){ .a = t->max_from >= 0 ? (unsigned)t->max_from : i,
					     .b = i,
					     .also = t->also_from,
					     .loops = t->loops,
					     .backwards = t->backwards,
					     .crossed = t->crossed,
					     .handoffs = t->handoffs,
					     .max_warp = t->max_warp });
	}
}

/* A CPU left out: named once, in the trial it missed, with why. */
static void log_out(unsigned trial, uint8_t *told)
{
	for (unsigned i = 1; i < ncpus; i++) {
		if (!out[i] || told[i])
			continue;
		told[i] = 1;
		ev(EV_TSC_ABSENT, "trial=%u cpu=%u apic=%#x why=%s", trial, i, cpus[i].apic,
		   out[i] == NEVER_JOINED ? "never-joined" : "not-finished");
	}
}

void tsc_together_run(const struct smp_params *p)
{
	static struct tsc_warps w;
	static uint8_t told[SMP_MAX_CPUS];
	unsigned absent = 0, first = 0;

	for (unsigned i = 0; i < ncpus; i++)
		out[i] = told[i] = 0;
	tsc_warps_begin(&w);
	for (unsigned t = 1; t <= p->tsc_trials; t++) {
		struct tsc_trial r = { .trial = t, .method = tsc_sync_names[TSC_SYNC_TOGETHER] };

		window(p, &w, &r);
		/* Lines only between windows: none inside one. */
		tsc_trial_log(&w, &r);
		log_out(t, told);
	}
	for (unsigned i = 1; i < ncpus; i++)
		if (out[i] && !absent++)
			first = i;
	tsc_warps_check(&w, "tsc_together_in_sync", p->tsc_trials);
	ktap_check(!absent, "tsc_together_joined",
		   absent ? "CPU#%u (apic %#x) left out of the window: %s (%u left out in all)"
			  : "every online CPU took part",
		   first, cpus[first].apic,
		   out[first] == NEVER_JOINED ? "never joined" : "did not finish its loop", absent);
}
