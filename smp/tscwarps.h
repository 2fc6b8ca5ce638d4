/* SPDX-License-Identifier: MIT */
/*
 * What the TSC tests after bringup found, trial by trial, told alike for
 * every method (tsc_sync=together's windows, the trials of every and linux):
 * one ev=tsc-trial a trial, one ev=tsc-warp and a line in Linux's words for
 * each CPU pair a warp was seen between, and one check over all trials that
 * names the CPU in the most warped pairs (docs/tsc.md, docs/log-format.md).
 */
#ifndef SMPSCOPE_SMP_TSCWARPS_H
#define SMPSCOPE_SMP_TSCWARPS_H

#include <stdint.h>

#include "cpus.h"

/*
 * One CPU's loop in one test, and the pair: b read, a had stored the value b
 * fell behind; also, when b fell behind another CPU too (then b is the one off).
 */
struct warp_seen {
	unsigned a, b; /* slots */
	int also;      /* a slot, or -1 */
	uint64_t loops, backwards, crossed, handoffs, max_warp;
};

/* The warps of one trial kept for its lines; past this many, counted only. */
#define TSC_TRIAL_WARPS 32

struct tsc_trial {
	unsigned trial;
	const char *method;
	unsigned cpus, expected; /* CPUs that took part, of those asked */
	unsigned tests, failed;	 /* pair tests or windows run, and those that did not finish */
	uint64_t loop;		 /* the longest loop asked of a CPU */
	uint64_t start, end;	 /* the BSP's TSC: the trial's first job posted, its last answer */
	uint64_t loops, handoffs, backwards, crossed;
	unsigned caught;	/* pairs a warp was seen between */
	struct warp_seen worst; /* the largest warp (max_warp 0: none) */
	unsigned nwarps;
	struct warp_seen warps[TSC_TRIAL_WARPS];
};

struct tsc_warps {
	unsigned trials, caught; /* trials, and those that saw a warp */
	unsigned pairs;		 /* warped pairs over all trials */
	struct warp_seen worst;
	unsigned worst_trial;
	uint16_t in_pairs[SMP_MAX_CPUS]; /* how many warped pairs each slot was in */
};

void tsc_warps_begin(struct tsc_warps *w);
/* Starts a trial: r->start is now. */
void tsc_trial_begin(struct tsc_warps *w, struct tsc_trial *r);
/* Counts one CPU's loop into r: its reads, and the warp it saw, if any. */
void tsc_trial_add(struct tsc_warps *w, struct tsc_trial *r, const struct warp_seen *s);
/* Logs r's ev=tsc-trial and its warps; counts it. Never inside a test window. */
void tsc_trial_log(struct tsc_warps *w, const struct tsc_trial *r);
/* The check over every trial logged: ok when none saw a warp. */
void tsc_warps_check(const struct tsc_warps *w, const char *name, unsigned trials);

#endif
