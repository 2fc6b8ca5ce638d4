/* SPDX-License-Identifier: MIT */
#include "warp.h"

#include "../boot/cpu.h"
#include "../lib/string.h"
#include "../lib/wait.h"

void warp_init(struct warp_test *t, uint64_t cycles)
{
	memset(t, 0, sizeof(*t));
	t->cycles = cycles;
	t->last_side = -1;
}

static int both_ready(const void *ctx)
{
	const struct warp_test *t = ctx;

	return __atomic_load_n(&t->ready, __ATOMIC_ACQUIRE) >= 2;
}

int warp_run(struct warp_test *t, int side, uint64_t wait)
{
	uint64_t start = wait_now(), end;

	/* Both sides start within a few cycles of each other, so both loops overlap fully. */
	__atomic_fetch_add(&t->ready, 1, __ATOMIC_ACQ_REL);
	if (!wait_until(both_ready, t, wait_since(start, wait), NULL))
		return -1;
	t->start[side] = rdtsc_ordered();
	end = t->start[side] + t->cycles;
	for (;;) {
		uint64_t prev, now;
		int prev_side;

		spin_lock(&t->lock);
		prev = t->last;
		prev_side = t->last_side;
		now = rdtsc_ordered();
		t->last = now;
		t->last_side = side;
		spin_unlock(&t->lock);
		t->loops[side]++;
		if (prev > now) {
			t->backwards[side]++;
			/* A step back after the other CPU's read is the warp between the two. */
			if (prev_side != side)
				t->crossed[side]++;
			if (prev - now > t->max_warp[side])
				t->max_warp[side] = prev - now;
		}
		if (now > end) {
			t->stop[side] = now;
			break;
		}
	}
	__atomic_store_n(&t->done[side], 1, __ATOMIC_RELEASE);
	return 0;
}

uint64_t warp_max(const struct warp_test *t)
{
	return t->max_warp[0] > t->max_warp[1] ? t->max_warp[0] : t->max_warp[1];
}

uint64_t warp_backwards(const struct warp_test *t)
{
	return t->backwards[0] + t->backwards[1];
}
