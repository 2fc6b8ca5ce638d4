/* SPDX-License-Identifier: MIT */
/*
 * The TSC test of many CPUs at once (tsc/group.c) with host threads as its
 * members: everyone who joined before the door shut loops and reports, one
 * that never comes is simply not in, one that comes after the door shut is
 * turned away and touches nothing, and a window closed under a member that
 * is still looping keeps nothing of it.
 */
#include <pthread.h>
#include <time.h>

#include "../../tsc/group.c"
#include "../../tsc/warp_loop.c"
#include "unit.h"

#define MEMBERS 5

static struct warp_group g;
static struct warp_member m[MEMBERS];

struct member {
	unsigned who;
	uint32_t gen;
	int joined, result;
	pthread_t thread;
};

static void *run_member(void *arg)
{
	struct member *s = arg;

	s->joined = warp_group_join(&g, s->who, s->gen);
	s->result = s->joined ? s->joined : warp_group_loop(&g, s->who, s->gen, 1ull << 40);
	return NULL;
}

static void start(struct member *s, unsigned who, uint32_t gen)
{
	*s = (struct member){ who, gen, 99, 99, 0 };
	if (pthread_create(&s->thread, NULL, run_member, s) != 0) {
		unit_check(0, "thread_starts", "pthread_create failed");
		exit(unit_done());
	}
}

/* Bounded: a member that never joins fails here instead of hanging the suite. */
static void wait_joined(uint32_t gen, unsigned n)
{
	time_t give_up = time(NULL) + 10;

	while (warp_group_joined(&g, gen) < n && time(NULL) < give_up)
		__builtin_ia32_pause();
}

int main(void)
{
	struct member s[MEMBERS], late;
	uint32_t gen, gen2;
	uint64_t loops = 0, handoffs = 0;

	unit_begin();

	unit_at("window");
	/* A short window: about 20 ms at any clock from 1 to 5 GHz is 10^7..10^8 cycles. */
	gen = warp_group_open(&g, m, MEMBERS, 20000000);
	CHECK(gen != 0, "generation_never_zero", "gen=%u", gen);
	CHECK_INT(warp_group_join(&g, 0, gen), 0, "opener_joins");
	/* Member 4 never comes. */
	for (unsigned i = 1; i < 4; i++)
		start(&s[i], i, gen);
	wait_joined(gen, 4);
	CHECK_UINT(warp_group_start(&g, gen), 4, "four_in_when_door_shuts");
	start(&late, 4, gen);
	pthread_join(late.thread, NULL);
	CHECK_INT(late.joined, WARP_NO_PARTNER, "late_member_turned_away");
	CHECK_UINT(m[4].joined == gen, 0, "late_member_not_in");
	CHECK_INT(warp_group_loop(&g, 0, gen, 0), 0, "opener_loops");
	for (unsigned i = 1; i < 4; i++) {
		pthread_join(s[i].thread, NULL);
		CHECK_INT(s[i].result, 0, "member_done");
	}
	for (unsigned i = 0; i < 4; i++) {
		CHECK_UINT(m[i].done == gen, 1, "member_reported");
		CHECK(m[i].tally.loops > 0, "member_looped", "member %u: %llu loops", i,
		      (unsigned long long)m[i].tally.loops);
		loops += m[i].tally.loops;
		handoffs += m[i].tally.handoffs;
	}
	CHECK(handoffs > 0 && handoffs <= loops, "handoffs_between_members",
	      "%llu handoffs of %llu reads", (unsigned long long)handoffs,
	      (unsigned long long)loops);
	CHECK_UINT(m[4].done == gen, 0, "absent_member_reports_nothing");
	warp_group_close(&g, gen);

	unit_at("closed under a looping member");
	gen2 = warp_group_open(&g, m, MEMBERS, 1ull << 40);
	CHECK(gen2 != gen, "new_generation", "gen=%u gen2=%u", gen, gen2);
	start(&s[1], 1, gen2);
	wait_joined(gen2, 1);
	warp_group_start(&g, gen2);
	{
		time_t give_up = time(NULL) + 10;

		while (!__atomic_load_n(&g.line.last, __ATOMIC_ACQUIRE) && time(NULL) < give_up)
			__builtin_ia32_pause();
	}
	warp_group_close(&g, gen2);
	pthread_join(s[1].thread, NULL);
	CHECK_INT(s[1].result, WARP_NO_PARTNER, "member_leaves_closed_window");
	CHECK_UINT(m[1].done == gen2, 0, "closed_window_keeps_nothing");
	CHECK_INT(warp_group_join(&g, 2, gen2), WARP_NO_PARTNER, "no_join_after_close");
	CHECK_UINT(g.lock_stuck, 0, "lock_never_stuck");
	return unit_done();
}
