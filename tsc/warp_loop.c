/* SPDX-License-Identifier: MIT */
#include "warp_loop.h"

#include "../arch/cpu.h"
#include "../lib/wait.h"

int warp_loop(struct warp_line *l, int who, uint32_t gen, uint64_t cycles, uint64_t max_loops,
	      struct warp_tally *r)
{
	struct wait_bound window;

	*r = (struct warp_tally){ .max_from = -1, .also_from = -1 };
	r->start = rdtsc_ordered();
	window = wait_since(r->start, cycles);
	for (;;) {
		uint64_t prev, now;
		int prev_who;

		if (spin_lock(&l->lock))
			return WARP_LOCK_STUCK;
		if (WARP_GEN(l->arrive) != gen) {
			/* The test gave up on this generation: leave the next one alone. */
			spin_unlock(&l->lock);
			return WARP_NO_PARTNER;
		}
		prev = l->last;
		prev_who = l->last_who;
		now = rdtsc_ordered();
		l->last = now;
		l->last_who = who;
		spin_unlock(&l->lock);
		r->loops++;
		r->handoffs += prev_who >= 0 && prev_who != who;
		if (prev > now) {
			r->backwards++;
			/* A step back after another CPU's read is the warp between the two. */
			if (prev_who != who)
				r->crossed++;
			if (prev - now > r->max_warp) {
				if (r->max_from >= 0 && r->max_from != prev_who)
					r->also_from = r->max_from;
				r->max_warp = prev - now;
				r->max_from = prev_who;
			} else if (r->also_from < 0 && prev_who != r->max_from && prev_who != who) {
				r->also_from = prev_who;
			}
		}
		if (wait_window_over(window, now) || r->loops >= max_loops) {
			r->stop = now;
			return 0;
		}
	}
}
