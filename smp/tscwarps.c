/* SPDX-License-Identifier: MIT */
#include "tscwarps.h"

#include "../arch/cpu.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../lib/string.h"

void tsc_warps_begin(struct tsc_warps *w)
{
	memset(w, 0, sizeof(*w));
}

void tsc_trial_begin(struct tsc_warps *w, struct tsc_trial *r)
{
	(void)w;
	r->start = rdtsc_ordered();
}

void tsc_trial_add(struct tsc_warps *w, struct tsc_trial *r, const struct warp_seen *s)
{
	r->loops += s->loops;
	r->handoffs += s->handoffs;
	r->backwards += s->backwards;
	r->crossed += s->crossed;
	if (!s->max_warp)
		return;
	r->caught++;
	if (s->max_warp > r->worst.max_warp)
		r->worst = *s;
	if (r->nwarps < TSC_TRIAL_WARPS)
		r->warps[r->nwarps++] = *s;
	w->pairs++;
	w->in_pairs[s->a]++;
	if (s->b != s->a)
		w->in_pairs[s->b]++;
	if (s->also >= 0) {
		w->pairs++;
		w->in_pairs[s->also]++;
		w->in_pairs[s->b]++;
	}
}

static void log_warp(const struct tsc_trial *r, const struct warp_seen *s)
{
	char also[48] = "";

	if (s->also >= 0)
		fmt_buf(also, sizeof(also), " also=%d", s->also);
	/* Per CPU, the one that read behind: cpu= fell behind behind='s value. */
	ev(EV_TSC_WARP,
	   "trial=%u cpu=%u apic=%#x behind=%u behind_apic=%#x cycles=%llu times=%llu%s", r->trial,
	   s->b, cpus[s->b].apic, s->a, cpus[s->a].apic, (unsigned long long)s->max_warp,
	   (unsigned long long)s->crossed, also);
	if (s->also >= 0)
		fmt_buf(also, sizeof(also), "; behind CPU#%d too", s->also);
	/* In the words kernel developers grep for (Linux: "TSC warp between CPUs"). */
	log_line("# TSC warp between CPU#%u and CPU#%u: %llu cycles (CPU#%u read behind another "
		 "CPU's value %llu times%s), trial %u",
		 s->a, s->b, (unsigned long long)s->max_warp, s->b, (unsigned long long)s->crossed,
		 also, r->trial);
}

void tsc_trial_log(struct tsc_warps *w, const struct tsc_trial *r)
{
	char pair[40] = "worst_cpu=- worst_behind=-";

	if (r->worst.max_warp)
		fmt_buf(pair, sizeof(pair), "worst_cpu=%u worst_behind=%u", r->worst.b, r->worst.a);
	ev(EV_TSC_TRIAL,
	   "trial=%u method=%s cpus=%u/%u tests=%u failed=%u loop=%llu cycles=%llu loops=%llu "
	   "handoffs=%llu backwards=%llu crossed=%llu caught=%u warp_max=%llu %s",
	   r->trial, r->method, r->cpus, r->expected, r->tests, r->failed,
	   (unsigned long long)r->loop, (unsigned long long)(r->end - r->start),
	   (unsigned long long)r->loops, (unsigned long long)r->handoffs,
	   (unsigned long long)r->backwards, (unsigned long long)r->crossed, r->caught,
	   (unsigned long long)r->worst.max_warp, pair);
	for (unsigned i = 0; i < r->nwarps; i++)
		log_warp(r, &r->warps[i]);
	if (r->caught > r->nwarps)
		log_line("# ... and %u more warped pairs in trial %u", r->caught - r->nwarps,
			 r->trial);
	w->trials++;
	if (r->caught)
		w->caught++;
	if (r->worst.max_warp > w->worst.max_warp) {
		w->worst = r->worst;
		w->worst_trial = r->trial;
	}
}

void tsc_warps_check(const struct tsc_warps *w, const char *name, unsigned trials)
{
	unsigned k = 0;

	if (!w->caught) {
		ktap_check(trials > 0, name, "no warp in %u trial%s", trials,
			   trials == 1 ? "" : "s");
		return;
	}
	/*
	 * The CPU in the most warped pairs: with one CPU off, it is in every one.
	 * A tie (one pair alone, as a pair test's) goes to the later slot: the BSP is
	 * in every pair test as the reference.
	 */
	for (unsigned i = 1; i < ncpus; i++)
		if (w->in_pairs[i] && w->in_pairs[i] >= w->in_pairs[k])
			k = i;
	ktap_check(0, name,
		   "%u of %u trials saw a warp; CPU#%u (apic %#x) in %u of %u warped pairs; worst "
		   "CPU#%u -> CPU#%u back by %llu cycles (trial %u)",
		   w->caught, w->trials, k, cpus[k].apic, w->in_pairs[k], w->pairs, w->worst.a,
		   w->worst.b, (unsigned long long)w->worst.max_warp, w->worst_trial);
}
