/* SPDX-License-Identifier: MIT */
/*
 * The cross-CPU TSC warp test: two CPUs take turns, under one lock,
 * reading the TSC and comparing it with the last value either stored. A
 * later read that is smaller than an earlier one is time going backwards
 * between the two CPUs (a warp). Both sides run for the same length.
 */
#ifndef SMPSCOPE_TSC_WARP_H
#define SMPSCOPE_TSC_WARP_H

#include <stdint.h>

#include "../lib/lock.h"

struct warp_test {
	struct spinlock lock;
	volatile uint64_t last;	 /* the last TSC value stored, by either side */
	volatile int last_side;	 /* who stored it: 0 the BSP, 1 the AP */
	uint64_t cycles;	 /* how long each side loops */
	volatile uint32_t ready; /* sides that have arrived: both start together */
	/* results, per side */
	uint64_t loops[2], backwards[2], crossed[2], max_warp[2];
	/* each side's TSC when its loop began and at its last read, to report the loop as run */
	uint64_t start[2], stop[2];
	volatile uint32_t done[2];
};

/* Readies t for one pairing of cycles each. */
void warp_init(struct warp_test *t, uint64_t cycles);
/*
 * Runs one side (0 BSP, 1 AP). Waits for the other side at most wait
 * cycles, then loops; returns -1 if the other side never came.
 */
int warp_run(struct warp_test *t, int side, uint64_t wait);
/* The largest warp either side saw, and how many reads went backwards. */
uint64_t warp_max(const struct warp_test *t);
uint64_t warp_backwards(const struct warp_test *t);

#endif
