/* SPDX-License-Identifier: MIT */
#include "tscsync.h"

#include "../arch/cpu.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../lib/wait.h"
#include "../tsc/features.h"
#include "../tsc/skew.h"
#include "../lib/fmt.h"
#include "report_row.h"

/* One pairing at a time: the handshake flows take APs one by one. */
static struct warp_test warp;

void tsc_sync_note_stuck(struct warp_test *t, const struct cpu *c)
{
	uint32_t n = __atomic_exchange_n(&t->lock_stuck, 0, __ATOMIC_RELAXED);

	if (n)
		ev(EV_LOCK_STUCK, "lock=warp cpu=%u apic=%#x timeouts=%u", (unsigned)(c - cpus),
		   c->apic, n);
}

static void note_stuck(const struct cpu *c)
{
	tsc_sync_note_stuck(&warp, c);
}

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
	/* A thread whose core already has one online gets the short loop, as Linux gives siblings.
	 */
	c->tsc_loop = core_has_online(c) ? p->tsc_short_cycles : p->tsc_loop_cycles;
	/* Set before tsc_go is released, which the AP waits for (an acquire). */
	c->warp_gen = warp_init(&warp, c->tsc_loop);
	note_stuck(c);
}

int tsc_sync_source(struct cpu *c, const struct smp_params *p)
{
	if (!c->tsc_synced)
		return 0;
	if (warp_run(&warp, 0, c->warp_gen, p->timeout_cycles)) {
		note_stuck(c);
		return -1;
	}
	/* Both loop equally long; the AP gets one timeout more to say it is done. */
	if (!wait_flag(&warp.done[1], wait_cycles(p->timeout_cycles), NULL))
		return -1;
	c->warp_loops = warp.loops[0] + warp.loops[1];
	c->warp_backwards = warp_backwards(&warp);
	c->warp_crossed = warp.crossed[0] + warp.crossed[1];
	c->warp_max = warp_max(&warp);
	c->warp_start = warp.start[0];
	c->warp_stop = warp.stop[0];
	return 0;
}

void tsc_sync_target(struct cpu *c, const struct smp_params *p, uint64_t patience)
{
	if (p->fault.skew && p->fault.skew_apic == c->apic) {
		struct tsc_features tf;

		int moved = tsc_skew(p->fault.skew_cycles);

		c->skew_failed = (uint8_t)(moved < 0);
		c->skew_ignored = (uint8_t)(moved == TSC_SKEW_IGNORED);
		c->skewed = !moved;
		/* Where the skew went through TSC_ADJUST, the report should see it there too. */
		tsc_features_read(&tf);
		c->tsc_adjust = tf.adjust;
		c->tsc_adjust_known = (uint8_t)tf.adjust_known;
	}
	if (c->tsc_synced)
		(void)warp_run(&warp, 1, c->warp_gen, patience);
}

/*
 * fault=tsc-skew where the TSC did not move: the machine ignores writes to
 * IA32_TSC (QEMU TCG does), so no test has anything to catch and a pass would
 * prove nothing. Refused with its reason, as a fault the run cannot inject.
 */
static void skew_refused(const struct smp_params *p)
{
	for (unsigned i = 1; p->fault.skew && i < ncpus; i++)
		if (cpus[i].apic == p->fault.skew_apic && cpus[i].skew_ignored)
			ktap_check(0, "fault",
				   "fault=tsc-skew: CPU%u's TSC did not move: this machine takes "
				   "the write to IA32_TSC and ignores it (QEMU TCG does), so no "
				   "warp test has anything to catch",
				   i);
}

/*
 * What the warp tests found, and TSC_ADJUST against the first CPU of each
 * package: Linux warns of the latter and rewrites it; here it is told.
 */
unsigned tscsync_report(const struct report_ctx *x)
{
	const struct smp_params *p = x->p;
	uint64_t worst = 0;
	unsigned warped = 0, synced = 0, adjust_differs = 0;
	char where[96] = "";

	for (unsigned i = 1; i < ncpus; i++) {
		const struct cpu *c = &cpus[i], *ref = NULL;

		for (unsigned k = 0; k < ncpus && !ref; k++)
			if (cpus[k].place.pkg == c->place.pkg && cpus[k].tsc_adjust_known)
				ref = &cpus[k];
		if (ref && ref != c && c->tsc_adjust_known && c->tsc_adjust != ref->tsc_adjust) {
			adjust_differs++;
			log_line("# TSC_ADJUST differs: CPU%u %lld, CPU%u %lld (package %u)",
				 (unsigned)(ref - cpus), (long long)ref->tsc_adjust, i,
				 (long long)c->tsc_adjust, c->place.pkg);
		}
		synced += c->tsc_synced;
		if (!c->warp_backwards)
			continue;
		warped++;
		if (c->warp_max > worst) {
			worst = c->warp_max;
			fmt_buf(where, sizeof(where),
				"CPU%u (apic %#x): back by %llu cycles, %llu times", i, c->apic,
				(unsigned long long)c->warp_max,
				(unsigned long long)c->warp_backwards);
		}
	}
	skew_refused(p);
	if (p->tsc_sync == TSC_SYNC_OFF || !synced)
		return 0;
	ktap_check(warped == 0, "tsc_in_sync",
		   warped ? "%u of %u APs warped; worst %s" : "%u APs tested, no warp",
		   warped ? warped : synced, synced, where);
	(void)adjust_differs;
	return 0;
}
