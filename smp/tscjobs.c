/* SPDX-License-Identifier: MIT */
#include "tscjobs.h"

#include "../lib/wait.h"

int tsc_package_first(const struct cpu *c)
{
	for (unsigned i = 0; i < ncpus; i++)
		if (cpus[i].enabled && cpus[i].place.pkg == c->place.pkg)
			return &cpus[i] == c;
	return 0;
}

int tsc_jobs_served(const struct cpu *c, const struct smp_params *p)
{
	/* case=park: a parked AP serves no tests. */
	if (p->park_on || c->bsp)
		return 0;
	return (p->tsc_pairs && tsc_package_first(c)) || p->tsc_sync == TSC_SYNC_TOGETHER ||
	       p->tsc_trials > 1;
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

void tsc_jobs_serve(struct cpu *c, const struct smp_params *p, uint64_t patience)
{
	struct job_wait w = { c, 0 };

	if (!tsc_jobs_served(c, p))
		return;
	/* fault=tsc-absent: online, and then never there for a test (docs/tsc.md). */
	if (p->fault.absent && apic_set_has(&p->fault.absent_at, c->apic))
		return;
	for (;;) {
		tsc_job_fn fn;
		uint32_t seen;

		if (!wait_until(job_posted, &w, wait_cycles(patience), NULL))
			return;
		seen = w.seen = c->job_seq;
		fn = c->job_fn;
		if (!fn)
			return;
		fn(c, p, c->job_side, c->job_gen);
		__atomic_store_n(&c->job_ack, seen, __ATOMIC_RELEASE);
	}
}

void tsc_job_post(struct cpu *c, tsc_job_fn fn, uint32_t side, uint32_t gen)
{
	c->job_fn = fn;
	c->job_side = side;
	c->job_gen = gen;
	__atomic_fetch_add(&c->job_seq, 1, __ATOMIC_ACQ_REL);
}

static int job_acked(const void *ctx)
{
	const struct cpu *c = ctx;

	return __atomic_load_n(&c->job_ack, __ATOMIC_ACQUIRE) == c->job_seq;
}

int tsc_job_acked(const struct cpu *c, uint64_t cycles)
{
	return wait_until(job_acked, c, wait_cycles(cycles), NULL);
}

void tsc_jobs_stop(const struct smp_params *p)
{
	for (unsigned i = 1; i < ncpus; i++)
		if (cpus[i].enabled && cpus[i].online && tsc_jobs_served(&cpus[i], p))
			tsc_job_post(&cpus[i], NULL, 0, 0);
}
