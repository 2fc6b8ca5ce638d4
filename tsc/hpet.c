/* SPDX-License-Identifier: MIT */
#include "hpet.h"

#include "../boot/cpu.h"
#include "../boot/physmap.h"
#include "../lib/wait.h"

#define HPET_CAP	 0x00
#define HPET_CONF	 0x10
#define HPET_COUNTER	 0xf0
#define HPET_CONF_ENABLE 1ull
/* The spec caps the tick period at 100 ns (10^8 fs); more is a broken table or device. */
#define HPET_PERIOD_MAX_FS 100000000ull
/*
 * Bound on counter reads while waiting: an HPET read is about 0.5-1 µs on
 * hardware, so 50 ms takes ~100000; a hundred times that covers slow
 * emulation. Past it the HPET is taken as not counting.
 */
#define HPET_POLL_LIMIT 10000000u

static volatile uint64_t *reg(uint64_t base, unsigned off)
{
	return (volatile uint64_t *)phys_ptr(base + off);
}

struct hpet_wait {
	uint64_t base, h0, ticks;
	uint64_t *h1; /* the last counter read */
};

static int ticks_passed(const void *ctx)
{
	const struct hpet_wait *w = ctx;

	*w->h1 = *reg(w->base, HPET_COUNTER);
	return *w->h1 - w->h0 >= w->ticks;
}

uint64_t hpet_measure_tsc_hz(uint64_t base, unsigned ms, const char **why)
{
	uint64_t period, conf, ticks, h0, h1, t0, t1;
	int counted;

	*why = "its base is not in the low 4 GiB the image maps";
	if (!base || base >= (4ull << 30) || paging_set_uncached(base))
		return 0;
	period = *reg(base, HPET_CAP) >> 32;
	*why = "its tick period is 0 or above 100 ns";
	if (period == 0 || period > HPET_PERIOD_MAX_FS)
		return 0;
	conf = *reg(base, HPET_CONF);
	if (!(conf & HPET_CONF_ENABLE))
		*reg(base, HPET_CONF) = conf | HPET_CONF_ENABLE;
	ticks = (uint64_t)ms * 1000000000000ull / period;
	h0 = *reg(base, HPET_COUNTER);
	t0 = rdtsc_ordered();
	counted = wait_looks(ticks_passed, &(struct hpet_wait){ base, h0, ticks, &h1 },
			     HPET_POLL_LIMIT);
	t1 = rdtsc_ordered();
	if (!(conf & HPET_CONF_ENABLE))
		*reg(base, HPET_CONF) = conf;
	*why = "its counter did not count";
	if (!counted || h1 == h0)
		return 0;
	/* cycles * 10^15 / (ticks * period fs), split so 64 bits hold: period <= 10^8. */
	return (t1 - t0) * 1000000ull / ((h1 - h0) * period / 1000000000ull);
}
