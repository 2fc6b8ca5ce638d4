/* SPDX-License-Identifier: MIT */
#include "group.h"

#include "../lib/wait.h"

uint32_t warp_group_open(struct warp_group *g, struct warp_member *m, unsigned n, uint64_t cycles)
{
	/* As tsc/warp.c: a straggler of the window before sees the old one or this, never half. */
	uint32_t stuck = spin_lock(&g->line.lock) != 0;
	uint32_t gen = WARP_GEN(g->line.arrive) + 1;

	if (gen == 0)
		gen = 1;
	g->line.last = 0;
	g->line.last_who = -1;
	g->cycles = cycles;
	g->m = m;
	g->n = n;
	g->go = 0;
	g->lock_stuck = stuck;
	__atomic_store_n(&g->line.arrive, (uint64_t)gen << 32, __ATOMIC_RELEASE);
	g->open = 1;
	spin_unlock(&g->line.lock);
	return gen;
}

int warp_group_join(struct warp_group *g, unsigned who, uint32_t gen)
{
	int in;

	if (spin_lock(&g->line.lock)) {
		__atomic_fetch_add(&g->lock_stuck, 1, __ATOMIC_RELAXED);
		return WARP_LOCK_STUCK;
	}
	in = g->open && WARP_GEN(g->line.arrive) == gen && who < g->n;
	if (in) {
		g->m[who].joined = gen;
		g->line.arrive++;
	}
	spin_unlock(&g->line.lock);
	return in ? 0 : WARP_NO_PARTNER;
}

unsigned warp_group_joined(const struct warp_group *g, uint32_t gen)
{
	uint64_t a = __atomic_load_n(&g->line.arrive, __ATOMIC_ACQUIRE);

	return WARP_GEN(a) == gen ? WARP_JOINED(a) : 0;
}

unsigned warp_group_start(struct warp_group *g, uint32_t gen)
{
	unsigned n;

	/* A lock past its bound: the door shuts without it, and the count says so. */
	if (spin_lock(&g->line.lock))
		__atomic_fetch_add(&g->lock_stuck, 1, __ATOMIC_RELAXED);
	g->open = 0;
	n = warp_group_joined(g, gen);
	spin_unlock(&g->line.lock);
	__atomic_store_n(&g->go, gen, __ATOMIC_RELEASE);
	return n;
}

struct started {
	const struct warp_group *g;
	uint32_t gen;
};

static int started(const void *ctx)
{
	const struct started *s = ctx;

	return __atomic_load_n(&s->g->go, __ATOMIC_ACQUIRE) == s->gen ||
	       WARP_GEN(__atomic_load_n(&s->g->line.arrive, __ATOMIC_ACQUIRE)) != s->gen;
}

int warp_group_loop(struct warp_group *g, unsigned who, uint32_t gen, uint64_t wait)
{
	struct started s = { g, gen };
	struct warp_tally r;
	int err, ok;

	if (!wait_until(started, &s, wait_cycles(wait), NULL) ||
	    __atomic_load_n(&g->go, __ATOMIC_ACQUIRE) != gen)
		return WARP_NO_PARTNER;
	err = warp_loop(&g->line, (int)who, gen, g->cycles, WARP_MAX_LOOPS, &r);
	if (err == WARP_LOCK_STUCK)
		__atomic_fetch_add(&g->lock_stuck, 1, __ATOMIC_RELAXED);
	if (err)
		return err;
	if (spin_lock(&g->line.lock)) {
		__atomic_fetch_add(&g->lock_stuck, 1, __ATOMIC_RELAXED);
		return WARP_LOCK_STUCK;
	}
	ok = WARP_GEN(g->line.arrive) == gen;
	if (ok) {
		g->m[who].tally = r;
		__atomic_store_n(&g->m[who].done, gen, __ATOMIC_RELEASE);
	}
	spin_unlock(&g->line.lock);
	return ok ? 0 : WARP_NO_PARTNER;
}

void warp_group_close(struct warp_group *g, uint32_t gen)
{
	if (spin_lock(&g->line.lock))
		__atomic_fetch_add(&g->lock_stuck, 1, __ATOMIC_RELAXED);
	/* The next generation's number, with nobody in it: every check of gen now fails. */
	if (WARP_GEN(g->line.arrive) == gen)
		__atomic_store_n(&g->line.arrive, (uint64_t)(gen + 1 ? gen + 1 : 1) << 32,
				 __ATOMIC_RELEASE);
	g->open = 0;
	spin_unlock(&g->line.lock);
}
