/* SPDX-License-Identifier: MIT */
#include "hpet.h"

#include "../arch/cpu.h"
#include "../arch/paging.h"
#include "../include/hw/hpet.h"
#include "../lib/wait.h"

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

static volatile uint32_t *reg(uint64_t base, unsigned off)
{
	return (volatile uint32_t *)phys_ptr(base + off);
}

/*
 * Only the counter's low 32 bits are read (a 32-bit HPET has no more), and
 * each look adds what passed since the last: a wrap (4 s at 1 GHz, minutes
 * at the usual 14.3 MHz) between two looks 1 µs apart costs nothing.
 */
struct hpet_wait {
	uint64_t base, ticks;
	uint32_t *last;
	uint64_t *passed;
};

static int ticks_passed(const void *ctx)
{
	const struct hpet_wait *w = ctx;
	uint32_t now = *reg(w->base, HPET_COUNTER);

	*w->passed += (uint32_t)(now - *w->last);
	*w->last = now;
	return *w->passed >= w->ticks;
}

uint64_t hpet_measure_tsc_hz(uint64_t base, unsigned ms, const char **why)
{
	uint64_t period, ticks, passed = 0, t0, t1;
	uint32_t conf, last;
	int counted;

	*why = "its base is not in the low 4 GiB the image maps";
	if (!base || base >= (4ull << 30) || paging_set_uncached(base))
		return 0;
	period = *reg(base, HPET_CAP_PERIOD);
	*why = "its tick period is 0 or above 100 ns";
	if (period == 0 || period > HPET_PERIOD_MAX_FS)
		return 0;
	conf = *reg(base, HPET_CONF);
	if (!(conf & HPET_CONF_ENABLE))
		*reg(base, HPET_CONF) = conf | HPET_CONF_ENABLE;
	ticks = (uint64_t)ms * 1000000000000ull / period;
	last = *reg(base, HPET_COUNTER);
	t0 = rdtsc_ordered();
	counted = wait_looks(ticks_passed, &(struct hpet_wait){ base, ticks, &last, &passed },
			     HPET_POLL_LIMIT);
	t1 = rdtsc_ordered();
	if (!(conf & HPET_CONF_ENABLE))
		*reg(base, HPET_CONF) = conf;
	*why = "its counter did not count";
	if (!counted || passed == 0)
		return 0;
	/* cycles * 10^15 / (ticks * period fs), split so 64 bits hold: period <= 10^8. */
	return (t1 - t0) * 1000000ull / (passed * period / 1000000000ull);
}
