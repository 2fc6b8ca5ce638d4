/* SPDX-License-Identifier: MIT */
/*
 * The TSC warp test of many CPUs at once (tsc_sync=together, docs/tsc.md):
 * every member runs the loop of tsc/warp_loop.h on one shared line for the
 * same window, so every handoff of the lock from one CPU to another is a
 * look at the warp between those two. Each member keeps its own tally: its
 * largest step back and whose value it fell behind, which names the pair.
 *
 * One window has a generation and a door. The opener (the BSP) opens it,
 * members join while it is open, the opener closes it (who is in is then
 * fixed) and says go; a member that comes after the door closed stays out
 * and touches nothing, and one that joined loops and stores its tally only
 * while the window is still at its generation.
 */
#ifndef SMPSCOPE_TSC_GROUP_H
#define SMPSCOPE_TSC_GROUP_H

#include <stdint.h>

#include "warp_loop.h"

struct warp_member {
	struct warp_tally tally;
	volatile uint32_t joined; /* the generation it joined; another: it is not in this one */
	volatile uint32_t done;	  /* the generation whose tally it stored */
};

struct warp_group {
	struct warp_line line;
	volatile uint32_t open; /* joins are taken (under the line's lock) */
	volatile uint32_t go;	/* the generation whose members may start */
	uint64_t cycles;	/* how long each member loops */
	struct warp_member *m;	/* the members, numbered as the opener numbers them */
	unsigned n;
	volatile uint32_t lock_stuck; /* waits for the lock that passed their bound: a bug */
};

/* Opens a window of cycles for members m[0..n-1]; returns its generation (never 0). */
uint32_t warp_group_open(struct warp_group *g, struct warp_member *m, unsigned n, uint64_t cycles);
/* Counts member who into generation gen: 0, or WARP_NO_PARTNER when the door is shut. */
int warp_group_join(struct warp_group *g, unsigned who, uint32_t gen);
/* How many joined generation gen so far. */
unsigned warp_group_joined(const struct warp_group *g, uint32_t gen);
/* Shuts the door: who joined is fixed from here; then lets them start. Returns how many. */
unsigned warp_group_start(struct warp_group *g, uint32_t gen);
/*
 * A member that joined: waits at most wait cycles for the start, loops,
 * stores its tally. 0, WARP_NO_PARTNER (no start, or the window moved on)
 * or WARP_LOCK_STUCK.
 */
int warp_group_loop(struct warp_group *g, unsigned who, uint32_t gen, uint64_t wait);
/* Ends generation gen: a member still looping leaves at its next read. */
void warp_group_close(struct warp_group *g, uint32_t gen);

#endif
