/* SPDX-License-Identifier: MIT */
#include "choose.h"

#include <stdarg.h>

#include "../lib/fmt.h"

static const char *const names[TSC_SRC_COUNT] = {
	[TSC_SRC_CPUID15] = "cpuid-15", [TSC_SRC_HPET] = "hpet",
	[TSC_SRC_PMTIMER] = "pmtimer",	[TSC_SRC_PIT] = "pit",
	[TSC_SRC_CPUID16] = "cpuid-16",
};

/*
 * When answers agree, the first of the enum's order is taken (tsc/sources.h):
 * leaf 0x15, exact where a clock confirms it; the PM timer, whose readings
 * are each bracketed by TSC reads (tsc/pmtimer.c); the HPET; the PIT, whose
 * end is only seen by polling; leaf 0x16's nominal MHz last.
 *
 * When no two credible answers agree, one is still taken, by this rule: a
 * clock measured here before a number CPUID declares, since the timeouts
 * must follow time as it passes on this machine. Among the clocks the PIT
 * first, as Linux's pit_hpet_ptimer_calibrate_cpu() does when its PIT and
 * its reference (the HPET, else the PM timer) deviate: the PIT's rate is
 * fixed, while PM timers counting at twice theirs are known. Then the HPET,
 * Linux's reference where it has one, then the PM timer (docs/tsc.md).
 */
static const enum tsc_source fallback[TSC_SRC_COUNT] = {
	TSC_SRC_PIT, TSC_SRC_HPET, TSC_SRC_PMTIMER, TSC_SRC_CPUID15, TSC_SRC_CPUID16,
};

const char *tsc_source_name(enum tsc_source s)
{
	return (unsigned)s < TSC_SRC_COUNT ? names[s] : "none";
}

void tsc_reject(struct tsc_candidate *c, const char *fmt, ...)
{
	va_list ap;

	if (c->why_not[0])
		return;
	va_start(ap, fmt);
	fmt_vbuf(c->why_not, sizeof(c->why_not), fmt, ap);
	va_end(ap);
	/* An empty reason would read as credible. */
	if (!c->why_not[0])
		fmt_buf(c->why_not, sizeof(c->why_not), "rejected");
}

int tsc_window_ok(uint64_t cycles, uint64_t err)
{
	/* The error is at most a window, and a window at most seconds of a 20 GHz TSC. */
	return cycles && err <= cycles && err * 1000000 <= (uint64_t)TSC_WINDOW_ERR_PPM * cycles;
}

void tsc_check_range(struct tsc_candidate *c)
{
	if (!c->hz)
		tsc_reject(c, "no answer");
	else if (c->hz < TSC_HZ_MIN)
		tsc_reject(c, "%llu Hz is below %llu Hz: no TSC runs that slow",
			   (unsigned long long)c->hz, TSC_HZ_MIN);
	else if (c->hz > TSC_HZ_MAX)
		tsc_reject(c, "%llu Hz is above %llu Hz: no TSC runs that fast",
			   (unsigned long long)c->hz, TSC_HZ_MAX);
}

static int credible(const struct tsc_candidate *c)
{
	return c->hz && !c->why_not[0];
}

static uint64_t ppm_apart(uint64_t a, uint64_t b)
{
	uint64_t lo = a < b ? a : b, hi = a < b ? b : a;

	/* Both are at most TSC_HZ_MAX, so the product stays far below 2^64. */
	return (hi - lo) * 1000000 / lo;
}

/* Exact, not rounded: a hair past the bound is past it. */
static int agree(uint64_t a, uint64_t b)
{
	uint64_t lo = a < b ? a : b, hi = a < b ? b : a;

	return (hi - lo) * 1000000 <= (uint64_t)TSC_AGREE_PPM * lo;
}

static uint64_t spread(const struct tsc_freq *f)
{
	uint64_t lo = 0, hi = 0;

	for (int i = 0; i < TSC_SRC_COUNT; i++) {
		uint64_t v = f->cand[i].hz;

		if (!credible(&f->cand[i]))
			continue;
		lo = !lo || v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	return lo ? ppm_apart(lo, hi) : 0;
}

static int declared(int s)
{
	return s == TSC_SRC_CPUID15 || s == TSC_SRC_CPUID16;
}

static void take(struct tsc_freq *f, enum tsc_source s)
{
	f->hz = f->cand[s].hz;
	f->source = names[s];
}

void tsc_choose(struct tsc_freq *f)
{
	unsigned n = 0;

	f->hz = 0;
	f->source = "none";
	f->why[0] = '\0';
	for (int i = 0; i < TSC_SRC_COUNT; i++) {
		tsc_check_range(&f->cand[i]);
		n += (unsigned)credible(&f->cand[i]);
	}
	f->spread_ppm = spread(f);
	/*
	 * The most trusted answer that a second source confirms. Leaves 0x15 and
	 * 0x16 are both CPUID's word: one does not confirm the other.
	 */
	for (int i = 0; i < TSC_SRC_COUNT; i++) {
		if (!credible(&f->cand[i]))
			continue;
		for (int j = 0; j < TSC_SRC_COUNT; j++) {
			if (j == i || !credible(&f->cand[j]) || (declared(i) && declared(j)) ||
			    !agree(f->cand[i].hz, f->cand[j].hz))
				continue;
			take(f, (enum tsc_source)i);
			fmt_buf(f->why, sizeof(f->why), "agrees with %s within %llu ppm", names[j],
				(unsigned long long)ppm_apart(f->cand[i].hz, f->cand[j].hz));
			return;
		}
	}
	for (int k = 0; k < TSC_SRC_COUNT; k++) {
		enum tsc_source s = fallback[k];

		if (!credible(&f->cand[s]))
			continue;
		take(f, s);
		if (n == 1)
			fmt_buf(f->why, sizeof(f->why), "the only credible source");
		else if (declared(s))
			fmt_buf(f->why, sizeof(f->why), "no credible clock to confirm it");
		else
			fmt_buf(f->why, sizeof(f->why),
				"none agree within %u ppm: by rule pit, hpet, pmtimer, cpuid",
				TSC_AGREE_PPM);
		return;
	}
	fmt_buf(f->why, sizeof(f->why), "no credible source");
}

void tsc_refusal(const struct tsc_freq *f, char *buf, size_t size)
{
	size_t at = fmt_buf(buf, size, "no credible source:");

	for (int i = 0; i < TSC_SRC_COUNT && at < size; i++)
		at += fmt_buf(buf + at, size - at, "%s %s: %s", i ? ";" : "", names[i],
			      f->cand[i].why_not[0] ? f->cand[i].why_not : "credible");
}
