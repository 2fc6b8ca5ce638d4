/* SPDX-License-Identifier: MIT */
/*
 * The host's TSC frequency, measured against CLOCK_MONOTONIC_RAW over
 * 300 ms: what QEMU TCG's guest TSC should run at (it reads the host's).
 * The e2e tests compare the image's calibration with it.
 *
 * Each end of the window is the tightest of several TSC, clock, TSC
 * triples: on a busy host the process can be preempted between the two
 * reads, and one preemption of a few ms would move the result by 1%
 * (docs/testing.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

#define TRIES 16

struct stamp {
	double t;	/* the clock, in seconds */
	uint64_t tsc;	/* the TSC halfway between the reads around it */
	uint64_t width; /* cycles between those reads */
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC_RAW, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static struct stamp tight_stamp(void)
{
	struct stamp best = { 0, 0, UINT64_MAX };

	for (int i = 0; i < TRIES; i++) {
		uint64_t a = __rdtsc();
		double t = now();
		uint64_t b = __rdtsc();

		if (b - a < best.width) {
			best.t = t;
			best.tsc = a + (b - a) / 2;
			best.width = b - a;
		}
	}
	return best;
}

int main(void)
{
	struct stamp a = tight_stamp(), b;

	while (now() - a.t < 0.3)
		;
	b = tight_stamp();
	printf("%.0f\n", (double)(b.tsc - a.tsc) / (b.t - a.t));
	return 0;
}
