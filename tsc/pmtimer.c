/* SPDX-License-Identifier: MIT */
#include "pmtimer.h"

#include "../arch/cpu.h"
#include "../lib/wait.h"
#include "choose.h"

/* Bound on reads while 50 ms pass: ~1 µs a read on hardware, a hundred times that for emulators. */
#define PMTIMER_READ_LIMIT 5000000u
/* As for the PIT (tsc/pit.c): no port read takes 10 µs, so fewer reads than this is no timer. */
#define PMTIMER_READS_MIN_PER_MS 100u
/* It ticks every 279 ns and a read takes longer: a value that holds this many reads is stuck. */
#define PMTIMER_MOVE_READS 1000u

/* The timer's one port read; only this driver reads 32 bits from a port. */
static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/*
 * One reading of the timer and the TSC together: the TSC on both sides of
 * the port read, and of a few tries the one whose sides lie closest, so a
 * CPU interrupted or descheduled between the two reads (an SMI; a busy host
 * under an emulator) does not move the result. Linux reads its references
 * the same way for its TSC calibration.
 */
#define PMTIMER_REF_TRIES 5

static uint32_t read_ref(uint16_t port, uint32_t mask, uint64_t *tsc, uint64_t *width)
{
	uint64_t best = ~0ull;
	uint32_t v = 0;

	*tsc = 0;
	for (int i = 0; i < PMTIMER_REF_TRIES; i++) {
		uint64_t a = rdtsc_ordered();
		uint32_t r = inl(port) & mask;
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

struct pm_move {
	uint16_t port;
	uint32_t mask, first;
};

static int moved(const void *ctx)
{
	const struct pm_move *m = ctx;

	return (inl(m->port) & m->mask) != m->first;
}

struct pm_wait {
	uint16_t port;
	uint32_t mask, start, ticks;
	uint32_t *last;
	unsigned long *reads;
	int *went_back;
	uint32_t *bad;	/* the read that went back */
	unsigned *same; /* reads in a row that found the last value */
	int *stopped;
};

/* Ticks from then to now, across a wrap of the 24- or 32-bit counter. */
static uint32_t ticks_between(uint32_t then, uint32_t now, uint32_t mask)
{
	return (now - then) & mask;
}

static int ticks_passed(const void *ctx)
{
	const struct pm_wait *w = ctx;
	uint32_t v = inl(w->port) & w->mask;

	++*w->reads;
	/*
	 * More than half the counter's range since the last read (seconds) is a
	 * read that went backwards: some chipsets return a wrong value now and
	 * then, which is why Linux can read this timer three times a value.
	 */
	if (ticks_between(*w->last, v, w->mask) > w->mask / 2) {
		*w->went_back = 1;
		*w->bad = v;
		return 1;
	}
	/* A timer that stops halfway is let go in a thousand reads, not in seconds of them. */
	*w->same = v == *w->last ? *w->same + 1 : 0;
	if (*w->same >= PMTIMER_MOVE_READS) {
		*w->stopped = 1;
		return 1;
	}
	*w->last = v;
	return ticks_between(w->start, v, w->mask) >= w->ticks;
}

/* One window: its length in TSC cycles and ticks, and how far its ends could lie off. */
struct pm_run {
	int ended, went_back, stopped;
	unsigned long reads;
	uint32_t p0, last, after, bad;
	uint64_t cycles, err;
};

static void pm_window(uint16_t port, uint32_t mask, uint32_t ticks, struct pm_run *r)
{
	uint64_t t0, t1, w0, w1;
	unsigned same = 0;

	*r = (struct pm_run){ 0 };
	r->p0 = r->last = read_ref(port, mask, &t0, &w0);
	r->ended = wait_looks(ticks_passed,
			      &(struct pm_wait){ port, mask, r->p0, ticks, &r->last, &r->reads,
						 &r->went_back, &r->bad, &same, &r->stopped },
			      PMTIMER_READ_LIMIT);
	r->after = read_ref(port, mask, &t1, &w1);
	/* A read that went backwards, in the wait or against the last one (some chipsets). */
	if (r->ended && !r->went_back && ticks_between(r->last, r->after, mask) > mask / 2) {
		r->went_back = 1;
		r->bad = r->after;
	}
	r->cycles = t1 - t0;
	r->err = (w0 + w1) / 2;
}

void pmtimer_measure(struct tsc_candidate *c, uint16_t port, unsigned bits, unsigned ms)
{
	uint32_t mask = bits == 32 ? 0xffffffffu : 0xffffffu, p0;
	uint32_t ticks = (uint32_t)((uint64_t)PMTIMER_HZ * ms / 1000);
	unsigned long min_reads = (unsigned long)PMTIMER_READS_MIN_PER_MS * ms;
	struct pm_run r;
	int tries = 0;

	c->hz = 0;
	p0 = inl(port) & mask;
	if (!wait_looks(moved, &(struct pm_move){ port, mask, p0 }, PMTIMER_MOVE_READS)) {
		tsc_reject(c, "port %#x holds %#x: not counting", port, p0);
		return;
	}
	/* A window whose ends were interrupted is timed again, a few times at most. */
	do
		pm_window(port, mask, ticks, &r);
	while (++tries < TSC_WINDOW_TRIES && r.ended && !r.went_back && !r.stopped &&
	       !tsc_window_ok(r.cycles, r.err));
	if (r.stopped) {
		tsc_reject(c, "port %#x stopped at %#x: %u reads in a row the same", port, r.last,
			   PMTIMER_MOVE_READS);
		return;
	}
	if (!r.ended) {
		tsc_reject(c, "%u ms of ticks did not pass in %u reads", ms, PMTIMER_READ_LIMIT);
		return;
	}
	/* A rejected answer is kept too, for the log. */
	if (r.after != r.p0)
		c->hz = r.cycles * PMTIMER_HZ / ticks_between(r.p0, r.after, mask);
	if (r.went_back)
		tsc_reject(c, "a read went backwards: %#x after %#x", r.bad, r.last);
	else if (r.reads < min_reads)
		tsc_reject(c, "%u ms passed in %lu reads, a real timer takes %lu+", ms, r.reads,
			   min_reads);
	else if (!tsc_window_ok(r.cycles, r.err))
		tsc_reject(c, "%d windows, none timed to %u ppm (the last: %llu cycles +-%llu)",
			   tries, TSC_WINDOW_ERR_PPM, (unsigned long long)r.cycles,
			   (unsigned long long)r.err);
}
