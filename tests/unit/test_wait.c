/* SPDX-License-Identifier: MIT */
/*
 * lib/wait.c, the one bounded wait of the image, on a fake clock that moves
 * a fixed step per reading: a wait ends when its condition holds, gives up
 * once its bound has passed (and not before), and a condition that holds at
 * the moment the bound passes still counts.
 */
#include "../../lib/wait.h"
#include "unit.h"

static uint64_t fake_tsc, fake_step = 10;

static uint64_t fake_clock(void)
{
	fake_tsc += fake_step;
	return fake_tsc;
}

struct at_tick {
	uint64_t from; /* the condition holds from this clock reading on */
	unsigned looks;
};

static int after(const void *ctx)
{
	struct at_tick *a = (struct at_tick *)(uintptr_t)ctx;

	a->looks++;
	return fake_tsc >= a->from;
}

/* Holds from the from-th look on; the clock plays no part (wait_looks reads none). */
static int nth_look(const void *ctx)
{
	struct at_tick *a = (struct at_tick *)(uintptr_t)ctx;

	return ++a->looks >= a->from;
}

static void idle_tick(void)
{
	fake_tsc += 1000;
}

/* wait_cause's look: cause 3 from the from-th look on; its idle counts what it is handed. */
struct caused {
	unsigned from, looks, idles;
};

static int cause_at(const void *ctx)
{
	struct caused *c = (struct caused *)(uintptr_t)ctx;

	return ++c->looks >= c->from ? 3 : 0;
}

static void count_idle(const void *ctx)
{
	((struct caused *)(uintptr_t)ctx)->idles++;
}

int main(void)
{
	volatile uint32_t flag = 0;
	uint64_t seen = 0;
	struct wait_bound b;
	struct at_tick a;
	int ok;

	unit_begin();
	wait_set_clock(fake_clock);

	unit_at("flag set");
	flag = 1;
	seen = 0;
	ok = wait_flag(&flag, wait_cycles(100), &seen);
	unit_check(ok && seen == fake_tsc, "flag_already_set", "ok=%d seen=%llu now=%llu", ok,
		   (unsigned long long)seen, (unsigned long long)fake_tsc);

	unit_at("flag never set");
	flag = 0;
	b = wait_cycles(1000);
	ok = wait_flag(&flag, b, &seen);
	unit_check(!ok && fake_tsc - b.start > 1000 && fake_tsc - b.start <= 1000 + 2 * fake_step,
		   "flag_times_out_after_bound", "ok=%d waited=%llu", ok,
		   (unsigned long long)(fake_tsc - b.start));

	unit_at("predicate later");
	a = (struct at_tick){ fake_tsc + 500, 0 };
	ok = wait_until(after, &a, wait_cycles(1000), &seen);
	unit_check(ok && seen >= a.from && seen <= a.from + 2 * fake_step, "predicate_seen_in_time",
		   "ok=%d seen=%llu from=%llu", ok, (unsigned long long)seen,
		   (unsigned long long)a.from);

	unit_at("predicate too late");
	a = (struct at_tick){ fake_tsc + 5000, 0 };
	ok = wait_until(after, &a, wait_cycles(1000), NULL);
	unit_check(!ok, "predicate_times_out", "ok=%d looks=%u", ok, a.looks);

	unit_at("last look");
	/* Descheduled past the bound: the one look after it still sees the condition. */
	b = wait_since(fake_tsc - 5000, 1000);
	a = (struct at_tick){ 0, 0 };
	ok = wait_until(after, &a, b, NULL);
	unit_check(ok && a.looks == 1, "late_condition_counts", "ok=%d looks=%u", ok, a.looks);

	unit_at("idle");
	flag = 0;
	b = wait_cycles(10000);
	ok = wait_flag_idle(&flag, b, idle_tick);
	unit_check(!ok && fake_tsc - b.start > 10000 && fake_tsc - b.start < 12000,
		   "idle_counts_toward_bound", "ok=%d waited=%llu", ok,
		   (unsigned long long)(fake_tsc - b.start));

	/* Which condition ended it: the look's cause, or WAIT_PASSED at the bound (seen kept). */
	unit_at("cause");
	{
		struct caused c = { .from = 4 };

		seen = 0;
		ok = wait_cause(cause_at, count_idle, &c, wait_cycles(1000), &seen);
		unit_check(ok == 3 && c.looks == 4 && c.idles == 3 && seen == fake_tsc,
			   "cause_returned", "cause=%d looks=%u idles=%u", ok, c.looks, c.idles);
		c = (struct caused){ .from = 1000000 };
		seen = 7;
		b = wait_cycles(1000);
		ok = wait_cause(cause_at, NULL, &c, b, &seen);
		unit_check(ok == WAIT_PASSED && seen == 7 && fake_tsc - b.start > 1000,
			   "cause_passed_bound", "cause=%d seen=%llu waited=%llu", ok,
			   (unsigned long long)seen, (unsigned long long)(fake_tsc - b.start));
	}

	unit_at("delay");
	b = wait_cycles(300);
	wait_delay(b);
	unit_check(fake_tsc - b.start > 300 && fake_tsc - b.start <= 300 + 2 * fake_step,
		   "delay_passes_bound", "waited=%llu", (unsigned long long)(fake_tsc - b.start));

	/* Bounded by looks, not by the clock: pred is asked at most max times, and never again. */
	unit_at("looks");
	a = (struct at_tick){ .from = 5 };
	ok = wait_looks(nth_look, &a, 100);
	unit_check(ok && a.looks == 5, "looks_end_when_true", "ok=%d looks=%u", ok, a.looks);
	a = (struct at_tick){ .from = UINT64_MAX };
	ok = wait_looks(nth_look, &a, 7);
	unit_check(!ok && a.looks == 7, "looks_give_up_at_max", "ok=%d looks=%u", ok, a.looks);

	unit_at("real clock");
	wait_set_clock(NULL);
	b = wait_cycles(1000);
	wait_delay(b);
	unit_check(wait_now() - b.start > 1000, "tsc_clock_moves", "waited=%llu",
		   (unsigned long long)(wait_now() - b.start));
	return unit_done();
}
