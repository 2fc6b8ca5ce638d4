/* SPDX-License-Identifier: MIT */
/*
 * Choosing the TSC frequency among the sources' answers: no hardware here,
 * so the host unit test (tests/unit/test_tscfreq.c) runs the same code.
 */
#ifndef SMPSCOPE_TSC_CHOOSE_H
#define SMPSCOPE_TSC_CHOOSE_H

#include <stddef.h>

#include "sources.h"

/*
 * Answers outside this range are no TSC: the slowest x86 with one (the first
 * Pentium) ran at 60 MHz, the fastest parts run near 6 GHz, and Bochs runs
 * at its ips setting, which is at least a few MHz in any useful run.
 */
#define TSC_HZ_MIN 1000000ull
#define TSC_HZ_MAX 20000000000ull
/* Two answers within this many ppm agree; beyond it the log says they disagree (docs/tsc.md). */
#define TSC_AGREE_PPM 50000u

/*
 * A clock's window is timed by TSC reads that bracket each end; an end whose
 * bracket is wide (the CPU interrupted, or under an emulator descheduled,
 * between two reads) is timed again, at most TSC_WINDOW_TRIES times in all.
 * A window whose error stays above TSC_WINDOW_ERR_PPM is not believed.
 */
#define TSC_WINDOW_TRIES   3
#define TSC_WINDOW_ERR_PPM 1000u

/* 1 when err cycles is within TSC_WINDOW_ERR_PPM of a window of cycles. */
int tsc_window_ok(uint64_t cycles, uint64_t err);
/* "cpuid-15", "hpet", "pmtimer", "pit" or "cpuid-16". */
const char *tsc_source_name(enum tsc_source s);
/* Rejects an answer outside TSC_HZ_MIN..TSC_HZ_MAX, naming the bound (no-op on a rejected one). */
void tsc_check_range(struct tsc_candidate *c);
/* Sets why_not from a format; the first reason given stands. */
void tsc_reject(struct tsc_candidate *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Chooses f->hz, f->source, f->why and f->spread_ppm from f->cand (after every check). */
void tsc_choose(struct tsc_freq *f);
/* Long enough for every source's reason, short enough for one KTAP message (console/ktap.c). */
#define TSC_REFUSAL_LEN 440
/* "no credible source: cpuid-15: ...; hpet: ...": every source and why it was rejected. */
void tsc_refusal(const struct tsc_freq *f, char *buf, size_t size);

#endif
