/* SPDX-License-Identifier: MIT */
#include "pit.h"

#include "../arch/cpu.h"
#include "../include/hw/pit.h"
#include "../lib/wait.h"
#include "choose.h"

/*
 * Bound on polls of port 0x61 while waiting for the count to end. One read
 * takes about 1 µs on real hardware, so a 50 ms count needs ~50000; a
 * hundred times that allows for slow emulated ports. Past it the PIT is
 * taken as absent rather than waited on.
 */
#define PIT_POLL_LIMIT 5000000u
/*
 * The fewest polls per millisecond a real count allows: a port read never
 * takes 10 µs. Linux's PIT calibration rejects a loop that ran fewer times
 * on the same ground. A board without a PIT reads 0xFF from port 0x61, so
 * its "count" ends at the first poll; this is what catches it.
 */
#define PIT_POLLS_MIN_PER_MS 100u
/*
 * A count read (a latch and two port reads, some 3 µs) sees the 838 ns tick
 * move: one that holds this many reads in a row is a channel that does not
 * count, as where the chipset gates the 8254's clock (Intel's 300-series
 * PCHs and later can), caught in a few ms instead of PIT_POLL_LIMIT's seconds.
 */
#define PIT_MOVE_READS 1000u

/* One count: its length in TSC cycles, and how far either end could lie from where it is taken. */
struct pit_run {
	int out_at_start, ended, stuck;
	unsigned long polls;
	uint64_t cycles, err;
};

struct pit_wait {
	struct pit_run *r;
	uint64_t *low_at,
		*high_at; /* TSC before the last poll that saw OUT2 low; after the first high */
};

static uint16_t count_now(void)
{
	uint8_t lo;

	outb(PORT_PIT_MODE, PIT_CH2_LATCH);
	lo = inb(PORT_PIT_CH2);
	return (uint16_t)(lo | inb(PORT_PIT_CH2) << 8);
}

static int count_moved(const void *ctx)
{
	return count_now() != *(const uint16_t *)ctx;
}

static int count_ended(const void *ctx)
{
	const struct pit_wait *w = ctx;
	uint64_t before = rdtsc_ordered();
	int high = inb(PORT_SPEAKER) & SPK_OUT2;

	++w->r->polls;
	if (!high)
		*w->low_at = before;
	else
		*w->high_at = rdtsc_ordered();
	return high;
}

/*
 * The count starts within the MSB's write (and one PIT tick) and ends
 * between the last poll that saw OUT2 low and the first that saw it high:
 * each end is taken at the middle of its bracket, and half of both
 * brackets is the error.
 */
static void pit_count(uint32_t count, struct pit_run *r)
{
	uint8_t saved = inb(PORT_SPEAKER);
	uint64_t s0, s1, low_at, high_at = 0;

	*r = (struct pit_run){ 0 };
	/* Gate on, speaker off. */
	outb(PORT_SPEAKER, (uint8_t)((saved & ~SPK_DATA) | SPK_GATE2));
	outb(PORT_PIT_MODE, PIT_CH2_MODE0);
	outb(PORT_PIT_CH2, (uint8_t)count);
	s0 = rdtsc_ordered();
	outb(PORT_PIT_CH2, (uint8_t)(count >> 8));
	s1 = rdtsc_ordered();
	/* Mode 0 drives the output low from the mode write until the count ends. */
	r->out_at_start = inb(PORT_SPEAKER) & SPK_OUT2;
	low_at = s1;
	if (!r->out_at_start) {
		uint16_t first = count_now();

		r->stuck = !wait_looks(count_moved, &first, PIT_MOVE_READS);
	}
	/* Timed from the MSB's write: the reads above lie inside it. */
	r->ended =
		!r->out_at_start && !r->stuck &&
		wait_looks(count_ended, &(struct pit_wait){ r, &low_at, &high_at }, PIT_POLL_LIMIT);
	outb(PORT_SPEAKER, saved);
	if (r->ended) {
		r->cycles = low_at / 2 + high_at / 2 - s0 / 2 - s1 / 2;
		r->err = (high_at - low_at + s1 - s0) / 2;
	}
}

void pit_measure(struct tsc_candidate *c, unsigned ms)
{
	uint32_t count = (uint32_t)((uint64_t)PIT_HZ * ms / 1000);
	unsigned long min_polls = (unsigned long)PIT_POLLS_MIN_PER_MS * ms;
	struct pit_run r;
	int tries = 0;

	if (count > 0xffff)
		count = 0xffff;
	/* A count whose ends were interrupted is counted again, a few times at most. */
	do
		pit_count(count, &r);
	while (++tries < TSC_WINDOW_TRIES && r.ended && !r.out_at_start &&
	       !tsc_window_ok(r.cycles, r.err));
	/* A rejected answer is kept too: the log shows what the PIT would have said. */
	c->hz = r.cycles * PIT_HZ / count;
	if (r.out_at_start)
		tsc_reject(c, "OUT2 was high as the count began: no PIT counting");
	else if (r.stuck)
		tsc_reject(c, "channel 2 held its count for %u reads: not counting (gated?)",
			   PIT_MOVE_READS);
	else if (!r.ended)
		tsc_reject(c, "the count did not end in %u polls", PIT_POLL_LIMIT);
	else if (r.polls < min_polls)
		tsc_reject(c, "%u ms ended after %lu polls, a real count takes %lu+", ms, r.polls,
			   min_polls);
	else if (!tsc_window_ok(r.cycles, r.err))
		tsc_reject(c, "%d counts, none timed to %u ppm (the last: %llu cycles +-%llu)",
			   tries, TSC_WINDOW_ERR_PPM, (unsigned long long)r.cycles,
			   (unsigned long long)r.err);
}
