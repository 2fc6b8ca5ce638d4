/* SPDX-License-Identifier: MIT */
#include "warp.h"

#include "../lib/wait.h"

uint32_t warp_init(struct warp_test *t, uint64_t cycles)
{
	/*
	 * A straggler of the last pairing may be in its loop: under the lock it
	 * sees either the old test or the new one, never half of each. A lock
	 * held past its bound belongs to a CPU that stopped: the unlock below
	 * frees it, and the count says so.
	 */
	uint32_t stuck = spin_lock(&t->line.lock) != 0;
	uint32_t gen = WARP_GEN(t->line.arrive) + 1;

	if (gen == 0)
		gen = 1;
	t->line.last = 0;
	t->line.last_who = -1;
	t->cycles = cycles;
	t->max_loops = WARP_MAX_LOOPS;
	for (int s = 0; s < 2; s++) {
		t->loops[s] = t->backwards[s] = t->crossed[s] = t->max_warp[s] = 0;
		t->handoffs[s] = 0;
		t->start[s] = t->stop[s] = 0;
		t->done[s] = 0;
	}
	t->lock_stuck = stuck;
	__atomic_store_n(&t->line.arrive, (uint64_t)gen << 32, __ATOMIC_RELEASE);
	spin_unlock(&t->line.lock);
	return gen;
}

/* Counts this side into generation gen; 0 if the test is at another one. */
static int join(struct warp_test *t, uint32_t gen)
{
	uint64_t a = __atomic_load_n(&t->line.arrive, __ATOMIC_ACQUIRE);

	do {
		if (WARP_GEN(a) != gen)
			return 0;
	} while (!__atomic_compare_exchange_n(&t->line.arrive, &a, a + 1, 0, __ATOMIC_ACQ_REL,
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
	uint64_t a = __atomic_load_n(&b->t->line.arrive, __ATOMIC_ACQUIRE);

	/* A new generation means the other side gave up: stop waiting, the answer is no. */
	return WARP_GEN(a) != b->gen || WARP_JOINED(a) >= 2;
}

/* Stores one side's results if the pairing is still gen; 0 if it moved on. */
static int report(struct warp_test *t, int side, uint32_t gen, const struct warp_tally *r)
{
	int ok;

	if (spin_lock(&t->line.lock)) {
		__atomic_fetch_add(&t->lock_stuck, 1, __ATOMIC_RELAXED);
		return WARP_LOCK_STUCK;
	}
	ok = WARP_GEN(t->line.arrive) == gen;
	if (ok) {
		t->loops[side] = r->loops;
		t->backwards[side] = r->backwards;
		t->crossed[side] = r->crossed;
		t->handoffs[side] = r->handoffs;
		t->max_warp[side] = r->max_warp;
		t->start[side] = r->start;
		t->stop[side] = r->stop;
		__atomic_store_n(&t->done[side], 1, __ATOMIC_RELEASE);
	}
	spin_unlock(&t->line.lock);
	return ok ? 0 : WARP_NO_PARTNER;
}

int warp_run(struct warp_test *t, int side, uint32_t gen, uint64_t wait)
{
	struct both b = { t, gen };
	struct warp_tally r;
	uint64_t start = wait_now();
	int err;

	/* Both sides start within a few cycles of each other, so both loops overlap fully. */
	if (!join(t, gen))
		return WARP_NO_PARTNER;
	if (!wait_until(both_ready, &b, wait_since(start, wait), NULL) ||
	    WARP_GEN(__atomic_load_n(&t->line.arrive, __ATOMIC_ACQUIRE)) != gen)
		return WARP_NO_PARTNER;
	err = warp_loop(&t->line, side, gen, t->cycles, t->max_loops, &r);
	if (err == WARP_LOCK_STUCK)
		__atomic_fetch_add(&t->lock_stuck, 1, __ATOMIC_RELAXED);
	if (err)
		return err;
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

uint64_t warp_handoffs(const struct warp_test *t)
{
	return t->handoffs[0] + t->handoffs[1];
}
