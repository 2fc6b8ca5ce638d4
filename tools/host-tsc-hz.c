/* SPDX-License-Identifier: MIT */
/*
 * The host's TSC frequency, measured against CLOCK_MONOTONIC_RAW over
 * 300 ms: what QEMU TCG's guest TSC should run at (it reads the host's).
 * The e2e tests compare the image's calibration with it.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC_RAW, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(void)
{
	double a = now(), b;
	uint64_t x = __rdtsc(), y;

	while (now() - a < 0.3)
		;
	y = __rdtsc();
	b = now();
	printf("%.0f\n", (double)(y - x) / (b - a));
	return 0;
}
