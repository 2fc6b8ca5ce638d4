/* SPDX-License-Identifier: MIT */
#include "tscsync.h"

#include "../boot/cpu.h"
#include "../tsc/skew.h"
#include "../tsc/warp.h"

/* One pairing at a time: the handshake flows take APs one by one. */
static struct warp_test warp;

static int package_has_online(const struct cpu *c)
{
	for (unsigned i = 0; i < ncpus; i++)
		if (&cpus[i] != c && cpus[i].place.pkg == c->place.pkg &&
		    (cpus[i].bsp || cpus[i].online))
			return 1;
	return 0;
}

static int core_has_online(const struct cpu *c)
{
	for (unsigned i = 0; i < ncpus; i++)
		if (&cpus[i] != c && cpus[i].place.pkg == c->place.pkg &&
		    cpus[i].place.core == c->place.core && (cpus[i].bsp || cpus[i].online))
			return 1;
	return 0;
}

/*
 * tsc_sync=linux, as Linux decides: with TSC_ADJUST the first CPU of each
 * further package runs the test and the rest trust TSC_ADJUST; without it,
 * every AP runs it.
 */
static int needed(const struct cpu *c, const struct smp_params *p)
{
	switch (p->tsc_sync) {
	case TSC_SYNC_EVERY:
		return 1;
	case TSC_SYNC_LINUX:
		return !p->tsc_adjust || !package_has_online(c);
	default:
		return 0;
	}
}

void tsc_sync_prepare(struct cpu *c, const struct smp_params *p)
{
	c->tsc_synced = (uint8_t)needed(c, p);
	if (!c->tsc_synced)
		return;
	/* A thread whose core already has one online gets the short loop, as Linux gives siblings. */
	c->tsc_loop = core_has_online(c) ? p->tsc_short_cycles : p->tsc_loop_cycles;
	warp_init(&warp, c->tsc_loop);
}

int tsc_sync_source(struct cpu *c, const struct smp_params *p)
{
	if (!c->tsc_synced)
		return 0;
	if (warp_run(&warp, 0, p->timeout_cycles))
		return -1;
	/* Both loop equally long; the AP gets one timeout more to say it is done. */
	for (uint64_t start = rdtsc(); !__atomic_load_n(&warp.done[1], __ATOMIC_ACQUIRE);)
		if (rdtsc() - start > p->timeout_cycles)
			return -1;
	c->warp_loops = warp.loops[0] + warp.loops[1];
	c->warp_backwards = warp_backwards(&warp);
	c->warp_crossed = warp.crossed[0] + warp.crossed[1];
	c->warp_max = warp_max(&warp);
	return 0;
}

void tsc_sync_target(struct cpu *c, const struct smp_params *p, uint64_t patience)
{
	if (p->skew && p->skew_apic == c->apic) {
		c->skew_failed = (uint8_t)(tsc_skew(p->skew_cycles) != 0);
		c->skewed = !c->skew_failed;
	}
	if (c->tsc_synced)
		warp_run(&warp, 1, patience);
}
