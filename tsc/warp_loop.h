/* SPDX-License-Identifier: MIT */
/*
 * The loop every TSC warp test runs, on each CPU that takes part: under one
 * lock, read the TSC and swap it with the last value any CPU stored. A read
 * smaller than the value before it is time going backwards; when that value
 * came from another CPU, it is a warp between the two (docs/tsc.md). The
 * pair test (tsc/warp.c, Linux's) and the test of every CPU at once
 * (tsc/group.c) share it, so the two measure alike.
 */
#ifndef SMPSCOPE_TSC_WARP_LOOP_H
#define SMPSCOPE_TSC_WARP_LOOP_H

#include <stdint.h>

#include "../lib/lock.h"

/* Linux's cap on one CPU's reads, whatever the time bound says. */
#define WARP_MAX_LOOPS 10000000ull

/* The loop's answers besides 0 (and the pair test's). */
#define WARP_NO_PARTNER (-1) /* the other side never came, or the test moved on */
#define WARP_LOCK_STUCK (-2) /* the lock stayed taken past lib/lock.h's bound */

#define WARP_GEN(arrive)    ((uint32_t)((arrive) >> 32))
#define WARP_JOINED(arrive) ((uint32_t)(arrive))

/* What every CPU of one test shares. */
struct warp_line {
	struct spinlock lock;
	/* the generation in the high half, the CPUs that joined it in the low: one word */
	volatile uint64_t arrive;
	volatile uint64_t last; /* the last TSC value stored, by any CPU */
	volatile int last_who;	/* who stored it: the test's own numbering; -1 nobody yet */
};

/* One CPU's loop, as it ran. */
struct warp_tally {
	uint64_t loops, backwards;
	uint64_t crossed;  /* backwards after another CPU's read: a warp between two */
	uint64_t handoffs; /* reads after another CPU's read: each a chance to see a warp */
	uint64_t max_warp;
	int max_from;  /* who stored the value the largest step back fell behind; -1 none */
	int also_from; /* another CPU it fell behind, -1 none: then this CPU is the common one */
	uint64_t start, stop; /* this CPU's TSC at its first and its last read */
};

/*
 * Runs one CPU's loop of generation gen for cycles (from its own first read)
 * or max_loops reads; 0 when it ran to its end, WARP_NO_PARTNER when the test
 * moved to another generation meanwhile, WARP_LOCK_STUCK.
 */
int warp_loop(struct warp_line *l, int who, uint32_t gen, uint64_t cycles, uint64_t max_loops,
	      struct warp_tally *r);

#endif
