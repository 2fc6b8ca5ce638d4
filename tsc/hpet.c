/* SPDX-License-Identifier: MIT */
#include "hpet.h"

#include "../arch/cpu.h"
#include "../arch/paging.h"
#include "../include/hw/hpet.h"
#include "../lib/wait.h"
#include "choose.h"

/*
 * Registers are read and written 32 bits at a time: the HPET spec allows
 * 64-bit accesses, but some parts take only 32, and Linux's hpet_readl()
 * uses 32 everywhere.
 */
/*
 * Bound on counter reads while waiting: an HPET read is about 0.5-1 µs on
 * hardware, so 50 ms takes ~100000; a hundred times that covers slow
 * emulation. Past it the HPET is taken as not counting.
 */
#define HPET_POLL_LIMIT 10000000u
/*
 * It ticks at least every 100 ns and a read takes longer: a value that holds
 * this many reads in a row is a counter that stopped (a millisecond or so of
 * reads, not the seconds HPET_POLL_LIMIT would take).
 */
#define HPET_STALL_READS 1000u
/* The TSC on both sides of a read, the tightest of this many (as tsc/pmtimer.c's). */
#define HPET_REF_TRIES 5

static volatile uint32_t *reg(uint64_t base, unsigned off)
{
	return (volatile uint32_t *)phys_ptr(base + off);
}

static uint32_t counter(uint64_t base)
{
	return *reg(base, HPET_COUNTER);
}

/* One reading of the counter with the TSC at its middle, and the bracket's width. */
static uint32_t read_ref(uint64_t base, uint64_t *tsc, uint64_t *width)
{
	uint64_t best = ~0ull;
	uint32_t v = 0;

	for (int i = 0; i < HPET_REF_TRIES; i++) {
		uint64_t a = rdtsc_ordered();
		uint32_t r = counter(base);
		uint64_t b = rdtsc_ordered();

		if (b - a < best) {
			best = b - a;
			v = r;
			*tsc = a + (b - a) / 2;
		}
	}
	*width = best;
	return v;
}

/*
 * Only the counter's low 32 bits are read (a 32-bit HPET has no more), and
 * each look adds what passed since the last: a wrap (4 s at 1 GHz, minutes
 * at the usual 14.3 MHz) between two looks 1 µs apart costs nothing. A
 * step of more than half the range is a read that went back.
 */
struct hpet_wait {
	uint64_t base, ticks;
	uint32_t *last;
	uint64_t *passed;
	unsigned *same;
	int *bad; /* 1 stopped, 2 went back */
};

static int ticks_passed(const void *ctx)
{
	const struct hpet_wait *w = ctx;
	uint32_t now = counter(w->base), step = now - *w->last;

	if (step > 0x80000000u) {
		*w->bad = 2;
		return 1;
	}
	*w->same = step ? 0 : *w->same + 1;
	if (*w->same >= HPET_STALL_READS) {
		*w->bad = 1;
		return 1;
	}
	*w->passed += step;
	*w->last = now;
	return *w->passed >= w->ticks;
}

struct hpet_run {
	int ended, bad;
	uint64_t passed, cycles, err;
};

static void hpet_window(uint64_t base, uint64_t ticks, struct hpet_run *r)
{
	uint64_t t0 = 0, t1 = 0, w0, w1;
	uint32_t last, end;
	unsigned same = 0;

	*r = (struct hpet_run){ 0 };
	last = read_ref(base, &t0, &w0);
	r->ended = wait_looks(ticks_passed,
			      &(struct hpet_wait){ base, ticks, &last, &r->passed, &same, &r->bad },
			      HPET_POLL_LIMIT);
	end = read_ref(base, &t1, &w1);
	r->passed += (uint32_t)(end - last);
	r->cycles = t1 - t0;
	r->err = (w0 + w1) / 2;
}

void hpet_measure(struct tsc_candidate *c, uint64_t base, unsigned ms)
{
	uint64_t period, ticks;
	uint32_t conf;
	struct hpet_run r;
	int tries = 0;

	c->hz = 0;
	if (!base || base >= (4ull << 30) || paging_set_uncached(base)) {
		tsc_reject(c, "its base is not in the low 4 GiB the image maps");
		return;
	}
	period = *reg(base, HPET_CAP_PERIOD);
	if (period == 0 || period > HPET_PERIOD_MAX_FS) {
		tsc_reject(c, "its tick period is 0 or above 100 ns");
		return;
	}
	conf = *reg(base, HPET_CONF);
	if (!(conf & HPET_CONF_ENABLE))
		*reg(base, HPET_CONF) = conf | HPET_CONF_ENABLE;
	ticks = (uint64_t)ms * 1000000000000ull / period;
	/* A window whose ends were interrupted is timed again, a few times at most. */
	do
		hpet_window(base, ticks, &r);
	while (++tries < TSC_WINDOW_TRIES && r.ended && !r.bad && !tsc_window_ok(r.cycles, r.err));
	if (!(conf & HPET_CONF_ENABLE))
		*reg(base, HPET_CONF) = conf;
	/* cycles * 10^15 / (ticks * period fs), split so 64 bits hold: period <= 10^8. */
	if (r.passed && r.passed * period >= 1000000000ull)
		c->hz = r.cycles * 1000000ull / (r.passed * period / 1000000000ull);
	if (r.bad == 1 || (!r.ended && !r.passed))
		tsc_reject(c, "its counter stopped: %u reads in a row the same", HPET_STALL_READS);
	else if (r.bad == 2)
		tsc_reject(c, "a read of its counter went backwards");
	else if (!r.ended)
		tsc_reject(c, "%u ms of ticks did not pass in %u reads", ms, HPET_POLL_LIMIT);
	else if (!tsc_window_ok(r.cycles, r.err))
		tsc_reject(c, "%d windows, none timed to %u ppm (the last: %llu cycles +-%llu)",
			   tries, TSC_WINDOW_ERR_PPM, (unsigned long long)r.cycles,
			   (unsigned long long)r.err);
}
