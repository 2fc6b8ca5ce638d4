/* SPDX-License-Identifier: MIT */
/*
 * Every wait of the image goes through here: a condition looked at until it
 * holds or a bound in TSC cycles has passed, with a pause (or the caller's
 * idle) between looks. The caller gives the bound in cycles, so the units
 * stay at the call site. A condition that holds when the bound has just
 * passed still counts: a CPU the host descheduled past the deadline does
 * not give up on a flag that was set meanwhile. Nothing is printed
 * between the start of a bound and the wait's return, or the wait would
 * time the consoles: lines reach them only at phase boundaries (`log=` in
 * docs/knobs.md).
 */
#ifndef SMPSCOPE_LIB_WAIT_H
#define SMPSCOPE_LIB_WAIT_H

#include <stddef.h>
#include <stdint.h>

struct wait_bound {
	uint64_t start;	 /* clock reading the bound counts from */
	uint64_t cycles; /* how far past start the wait may go */
};

typedef int (*wait_pred_fn)(const void *ctx);
typedef uint64_t (*wait_clock_fn)(void);

/* The clock of every wait: the TSC, or a fake one a unit test sets (returns the old one). */
uint64_t wait_now(void);
wait_clock_fn wait_set_clock(wait_clock_fn fn);

/* A bound of cycles from now. */
static inline struct wait_bound wait_cycles(uint64_t cycles)
{
	return (struct wait_bound){ wait_now(), cycles };
}

/* A bound of cycles from an earlier reading: a deadline several waits share. */
static inline struct wait_bound wait_since(uint64_t start, uint64_t cycles)
{
	return (struct wait_bound){ start, cycles };
}

/*
 * For a loop whose every clock read is a sample (the TSC warp test, tsc/warp.c): 1 once the
 * reading now, taken by the loop itself, is past the bound. The deadline adds no read of its own
 * to what the loop measures (docs/layout.md, "Waits").
 */
static inline int wait_window_over(struct wait_bound b, uint64_t now)
{
	return now - b.start > b.cycles;
}

/*
 * Waits until *flag is nonzero (an acquire load). 1 when it was, with *seen
 * (if not NULL) the clock read right after; 0 when the bound passed first.
 */
int wait_flag(const volatile uint32_t *flag, struct wait_bound b, uint64_t *seen);
/* The same, calling idle() between looks instead of pausing (a CPU that sleeps in hlt). */
int wait_flag_idle(const volatile uint32_t *flag, struct wait_bound b, void (*idle)(void));
/* Waits until pred(ctx) returns nonzero; as wait_flag otherwise. pred must not print. */
int wait_until(wait_pred_fn pred, const void *ctx, struct wait_bound b, uint64_t *seen);
/*
 * A wait that more than one thing can end, and says which: look(ctx) returns
 * 0 while nothing happened, else the caller's cause (> 0). idle(ctx) runs
 * between looks (a CPU that sleeps in hlt or mwait; a pause when NULL).
 * Returns the cause of the look that ended the wait, with *seen (if not
 * NULL) the clock read right after it, or WAIT_PASSED when the bound passed
 * first (*seen untouched, as wait_flag leaves it).
 */
#define WAIT_PASSED 0
int wait_cause(wait_pred_fn look, void (*idle)(const void *ctx), const void *ctx,
	       struct wait_bound b, uint64_t *seen);
/*
 * Before the TSC's frequency is known (the consoles starting, the calibration
 * itself) a bound in cycles means nothing: these waits are bounded by a count
 * of looks, which the caller derives from how long one look takes on its
 * device (a legacy port read is about 1 µs). 1 when pred held, 0 when max
 * looks passed first.
 */
int wait_looks(wait_pred_fn pred, const void *ctx, unsigned long max);
/* Passes the whole bound: a delay. */
void wait_delay(struct wait_bound b);

#endif
