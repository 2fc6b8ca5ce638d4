/* SPDX-License-Identifier: MIT */
#include "warp.h"

#include "../arch/cpu.h"
#include "../lib/wait.h"

#define GEN(arrive)    ((uint32_t)((arrive) >> 32))
#define JOINED(arrive) ((uint32_t)(arrive))

uint32_t warp_init(struct warp_test *t, uint64_t cycles)
{
	/*
	 * A straggler of the last pairing may be in its loop: under the lock it
	 * sees either the old test or the new one, never half of each. A lock
	 * held past its bound belongs to a CPU that stopped: the unlock below
	 * frees it, and the count says so.
	 */
	uint32_t stuck = spin_lock(&t->lock) != 0;
	uint32_t gen = GEN(t->arrive) + 1;

	if (gen == 0)
		gen = 1;
	t->last = 0;
	t->last_side = -1;
	t->cycles = cycles;
	t->max_loops = WARP_MAX_LOOPS;
	for (int s = 0; s < 2; s++) {
		t->loops[s] = t->backwards[s] = t->crossed[s] = t->max_warp[s] = 0;
		t->start[s] = t->stop[s] = 0;
		t->done[s] = 0;
	}
	t->lock_stuck = stuck;
	__atomic_store_n(&t->arrive, (uint64_t)gen << 32, __ATOMIC_RELEASE);
	spin_unlock(&t->lock);
	return gen;
}

/* Counts this side into generation gen; 0 if the test is at another one. */
static int join(struct warp_test *t, uint32_t gen)
{
	uint64_t a = __atomic_load_n(&t->arrive, __ATOMIC_ACQUIRE);

	do {
		if (GEN(a) != gen)
			return 0;
	} while (!__atomic_compare_exchange_n(&t->arrive, &a, a + 1, 0, __ATOMIC_ACQ_REL,
					      __ATOMIC_ACQUIRE));
	return 1;
}

struct both {
	const struct warp_test *t;
	uint32_t gen;
};

static int both_ready(const void *ctx)
{
	const struct both *b = ctx;
	uint64_t a = __atomic_load_n(&b->t->arrive, __ATOMIC_ACQUIRE);

	/* A new generation means the other side gave up: stop waiting, the answer is no. */
	return GEN(a) != b->gen || JOINED(a) >= 2;
}

struct side_result {
	uint64_t loops, backwards, crossed, max_warp, start, stop;
};

/* Stores one side's results if the pairing is still gen; 0 if it moved on. */
static int report(struct warp_test *t, int side, uint32_t gen, const struct side_result *r)
{
	int ok;

	if (spin_lock(&t->lock)) {
		__atomic_fetch_add(&t->lock_stuck, 1, __ATOMIC_RELAXED);
		return WARP_LOCK_STUCK;
	}
	ok = GEN(t->arrive) == gen;
	if (ok) {
		t->loops[side] = r->loops;
		t->backwards[side] = r->backwards;
		t->crossed[side] = r->crossed;
		t->max_warp[side] = r->max_warp;
		t->start[side] = r->start;
		t->stop[side] = r->stop;
		__atomic_store_n(&t->done[side], 1, __ATOMIC_RELEASE);
	}
	spin_unlock(&t->lock);
	return ok ? 0 : WARP_NO_PARTNER;
}

int warp_run(struct warp_test *t, int side, uint32_t gen, uint64_t wait)
{
	struct both b = { t, gen };
	struct side_result r = { 0 };
	uint64_t start = wait_now(), max_loops;
	struct wait_bound window;

	/* Both sides start within a few cycles of each other, so both loops overlap fully. */
	if (!join(t, gen))
		return WARP_NO_PARTNER;
	if (!wait_until(both_ready, &b, wait_since(start, wait), NULL) ||
	    GEN(__atomic_load_n(&t->arrive, __ATOMIC_ACQUIRE)) != gen)
		return WARP_NO_PARTNER;
	max_loops = t->max_loops;
	r.start = rdtsc_ordered();
	window = wait_since(r.start, t->cycles);
	for (;;) {
		uint64_t prev, now;
		int prev_side;

		if (spin_lock(&t->lock)) {
			__atomic_fetch_add(&t->lock_stuck, 1, __ATOMIC_RELAXED);
			return WARP_LOCK_STUCK;
		}
		if (GEN(t->arrive) != gen) {
			/* The BSP gave up on this pairing: leave the next one alone. */
			spin_unlock(&t->lock);
			return WARP_NO_PARTNER;
		}
		prev = t->last;
		prev_side = t->last_side;
		now = rdtsc_ordered();
		t->last = now;
		t->last_side = side;
		spin_unlock(&t->lock);
		r.loops++;
		if (prev > now) {
			r.backwards++;
			/* A step back after the other CPU's read is the warp between the two. */
			if (prev_side != side)
				r.crossed++;
			if (prev - now > r.max_warp)
				r.max_warp = prev - now;
		}
		if (wait_window_over(window, now) || r.loops >= max_loops) {
			r.stop = now;
			break;
		}
	}
	return report(t, side, gen, &r);
}

uint64_t warp_max(const struct warp_test *t)
{
	return t->max_warp[0] > t->max_warp[1] ? t->max_warp[0] : t->max_warp[1];
}

uint64_t warp_backwards(const struct warp_test *t)
{
	return t->backwards[0] + t->backwards[1];
}
