/* SPDX-License-Identifier: MIT */
#include "delay.h"

#include "../lib/wait.h"
#include "freq.h"

/* Before the frequency is known, assume a fast 5 GHz part: delays then err long, not short. */
#define TSC_HZ_FALLBACK 5000000000ull

uint64_t tsc_us_to_cycles(uint64_t us)
{
	uint64_t hz = tsc_hz() ? tsc_hz() : TSC_HZ_FALLBACK;

	return us / 1000000 * hz + us % 1000000 * hz / 1000000;
}

void tsc_udelay(uint64_t us)
{
	wait_delay(wait_cycles(tsc_us_to_cycles(us)));
}
