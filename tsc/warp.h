/* SPDX-License-Identifier: MIT */
/*
 * The cross-CPU TSC warp test: two CPUs take turns, under one lock,
 * reading the TSC and comparing it with the last value either stored. A
 * later read that is smaller than an earlier one is time going backwards
 * between the two CPUs (a warp). Both sides run for the same length, and
 * at most WARP_MAX_LOOPS reads each, as Linux's check_tsc_warp().
 *
 * Each pairing has a generation. A side joins, loops and reports only while
 * the test is still at the generation it was given, so a straggler (an AP
 * that arrives, or finishes, after the BSP gave up on it) cannot count
 * itself into, or write its results over, the next pairing.
 */
#ifndef SMPSCOPE_TSC_WARP_H
#define SMPSCOPE_TSC_WARP_H

#include <stdint.h>

/* The loop both sides run, WARP_MAX_LOOPS and warp_run's answers besides 0. */
#include "warp_loop.h"

struct warp_test {
	struct warp_line line; /* its last_who is the side: 0 the BSP, 1 the AP */
	uint64_t cycles;       /* how long each side loops */
	uint64_t max_loops;    /* and at most how many reads: WARP_MAX_LOOPS */
	/* results, per side, stored at the end under the lock while the generation holds */
	uint64_t loops[2], backwards[2], crossed[2], handoffs[2], max_warp[2];
	/* each side's TSC when its loop began and at its last read, to report the loop as run */
	uint64_t start[2], stop[2];
	volatile uint32_t done[2];
	volatile uint32_t lock_stuck; /* waits for the lock that passed their bound: a bug */
};

/* Readies t for a new pairing of cycles each; returns its generation (never 0). */
uint32_t warp_init(struct warp_test *t, uint64_t cycles);
/*
 * Runs one side (0 BSP, 1 AP) of generation gen. Waits for the other side at
 * most wait cycles, then loops; 0, WARP_NO_PARTNER or WARP_LOCK_STUCK.
 */
int warp_run(struct warp_test *t, int side, uint32_t gen, uint64_t wait);
/* The largest warp either side saw, and how many reads went backwards. */
uint64_t warp_max(const struct warp_test *t);
uint64_t warp_backwards(const struct warp_test *t);
/* How many reads came right after the other side's: the chances to see a warp. */
uint64_t warp_handoffs(const struct warp_test *t);

#endif
