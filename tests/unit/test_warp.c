/* SPDX-License-Identifier: MIT */
/*
 * The warp test (tsc/warp.c) with two host threads as its two sides: both
 * stop at the read cap whatever the time bound says (Linux's 10 M), and a
 * straggler, one that arrives after the other side gave up or is still
 * looping when the next pairing begins, neither joins nor writes into the
 * next pairing.
 */
#include <pthread.h>
#include <time.h>

#include "../../tsc/warp.c"
#include "../../tsc/warp_loop.c"
#include "unit.h"

static struct warp_test t;

struct side {
	int side;
	uint32_t gen;
	int result;
	pthread_t thread;
};

static void *run_side(void *arg)
{
	struct side *s = arg;

	s->result = warp_run(&t, s->side, s->gen, 1ull << 40);
	return NULL;
}

static void start(struct side *s, int side, uint32_t gen)
{
	*s = (struct side){ side, gen, 99, 0 };
	if (pthread_create(&s->thread, NULL, run_side, s) != 0) {
		unit_check(0, "thread_starts", "pthread_create failed");
		exit(unit_done());
	}
}

static uint64_t fake_tsc;

static uint64_t fake_clock(void)
{
	return fake_tsc += 1000;
}

int main(void)
{
	struct side a, b;
	uint32_t gen1, gen2, gen3, gen4;
	int r;

	unit_begin();

	unit_at("straggler arrives");
	wait_set_clock(fake_clock);
	gen1 = warp_init(&t, 1000);
	CHECK(gen1 != 0, "generation_never_zero", "gen=%u", gen1);
	r = warp_run(&t, 0, gen1, 100000);
	CHECK_INT(r, WARP_NO_PARTNER, "bsp_gives_up_alone");
	gen2 = warp_init(&t, 1000);
	CHECK(gen2 != gen1, "new_generation", "gen1=%u gen2=%u", gen1, gen2);
	r = warp_run(&t, 1, gen1, 100000);
	CHECK_INT(r, WARP_NO_PARTNER, "straggler_turned_away");
	CHECK_UINT(WARP_JOINED(t.line.arrive), 0, "straggler_not_counted_in_next");
	CHECK_UINT(t.done[1], 0, "straggler_reports_nothing");

	unit_at("cap");
	wait_set_clock(NULL);
	gen3 = warp_init(&t, 1ull << 40); /* a time bound no run reaches */
	t.max_loops = 5000;
	start(&a, 0, gen3);
	start(&b, 1, gen3);
	pthread_join(a.thread, NULL);
	pthread_join(b.thread, NULL);
	CHECK_INT(a.result, 0, "side0_done");
	CHECK_INT(b.result, 0, "side1_done");
	CHECK_UINT(t.loops[0], 5000, "side0_stops_at_cap");
	CHECK_UINT(t.loops[1], 5000, "side1_stops_at_cap");
	CHECK_UINT(t.done[0] + t.done[1], 2, "both_report");
	CHECK_UINT(WARP_MAX_LOOPS, 10000000, "cap_is_linux_10M");

	unit_at("straggler mid-loop");
	gen4 = warp_init(&t, 1ull << 40);
	t.max_loops = UINT64_MAX;
	start(&a, 0, gen4);
	start(&b, 1, gen4);
	/* Both are looping once a read is stored; then the next pairing begins under them. */
	{
		/* Bounded: a side that never starts fails here instead of hanging the suite. */
		time_t give_up = time(NULL) + 10;

		while (!__atomic_load_n(&t.line.last, __ATOMIC_ACQUIRE) && time(NULL) < give_up)
			__builtin_ia32_pause();
		CHECK_UINT(__atomic_load_n(&t.line.last, __ATOMIC_ACQUIRE) != 0, 1,
			   "sides_loop_within_10s");
	}
	warp_init(&t, 1000);
	pthread_join(a.thread, NULL);
	pthread_join(b.thread, NULL);
	CHECK_INT(a.result, WARP_NO_PARTNER, "side0_leaves_next_pairing");
	CHECK_INT(b.result, WARP_NO_PARTNER, "side1_leaves_next_pairing");
	CHECK_UINT(t.loops[0] + t.loops[1], 0, "next_pairing_results_untouched");
	CHECK_UINT(t.done[0] + t.done[1], 0, "next_pairing_not_done");
	CHECK_UINT(WARP_JOINED(t.line.arrive), 0, "next_pairing_nobody_joined");
	CHECK_UINT(t.lock_stuck, 0, "lock_never_stuck");
	return unit_done();
}
