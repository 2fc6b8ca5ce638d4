/* SPDX-License-Identifier: MIT */
/*
 * case=park (docs/flows.md, "Park and rewake"): a bringup; then each online
 * AP, parked as park= says, is woken as wake= says, without INIT/SIPI, and
 * timed; then the same AP gets INIT and a fresh INIT/SIPI, timed the same
 * way, in the same boot. With park_clobber=on the BSP then overwrites every
 * parked AP's line, as a kexec'd kernel reusing that memory would, and logs
 * whether each AP woke and what it did.
 */
#include "../boot/exception.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../tsc/features.h"
#include "../tsc/freq.h"
#include "../smp/cpus.h"
#include "../smp/diagnose.h"
#include "../smp/kick.h"
#include "../smp/park.h"
#include "../smp/report.h"
#include "../smp/warmreset.h"
#include "boundary.h"
#include "bringup.h"
#include "case_ops.h"
#include "session.h"
#include "table.h"

static struct smp_params params;
static struct smp_result result;
static struct cpu *aps[SMP_MAX_CPUS];
static struct park_time woke[SMP_MAX_CPUS], fresh[SMP_MAX_CPUS], clobbered[SMP_MAX_CPUS];
static uint64_t sorted[SMP_MAX_CPUS];

/* Asked for what the machine cannot do: refused before any AP is started, never guessed. */
static int refused(const struct config *cfg)
{
	if (cfg->park == PARK_HLT && cfg->wake == WAKE_STORE) {
		ktap_check(0, "park_knobs",
			   "wake=store cannot wake park=hlt: a store ends MWAIT or a pause loop, "
			   "never HLT; use wake=ipi, or park=mwait or park=pause");
		return 1;
	}
	if (cfg->park == PARK_MWAIT && !park_mwait_present()) {
		ktap_check(0, "park_knobs",
			   "park=mwait: this CPU has no MONITOR/MWAIT (CPUID.1:ECX[3] is clear); "
			   "use park=hlt or park=pause");
		return 1;
	}
	return 0;
}

static int setup(const struct config *cfg, const struct bootinfo *bi)
{
	/* The MADT and the TSC as every bringup case reads them (cases/bringup.c). */
	if (bringup_measure(bi) ||
	    session_start(cfg, bi, bringup_found(), bringup_features(), &params))
		return -1;
	params.park_on = 1;
	params.park = (enum park_mode)cfg->park;
	params.wake = (enum wake_kind)cfg->wake;
	/* A parked AP serves no warp-test pairs: tsc_pairs= is not run by this case. */
	params.tsc_pairs = 0;
	park_arm();
	return 0;
}

/* Every AP that came online: woken from its park, then INIT and kicked afresh. */
static unsigned measure(void)
{
	unsigned n = 0;

	for (unsigned i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];

		if (!c->enabled || !c->online || c->timed_out)
			continue;
		aps[n] = c;
		(void)park_wake(c, &params, &woke[n]);
		(void)park_initsipi(c, &params, &fresh[n]);
		n++;
	}
	return n;
}

/* The AP's stamp lies between the BSP's two: the TSCs agree as far as this shows. */
static int in_step(const struct park_time *t)
{
	return t->one_way >= 0 && (uint64_t)t->one_way <= t->rtt;
}

/* One-way where every stamp was in step, else half the round trip on the BSP's TSC alone. */
static uint64_t cycles_of(const struct park_time *t, int one_way)
{
	return one_way ? (uint64_t)t->one_way : t->rtt / 2;
}

static uint64_t median(const struct park_time *t, unsigned n, int one_way)
{
	unsigned k = 0;

	for (unsigned i = 0; i < n; i++) {
		uint64_t v;
		unsigned j;

		if (!t[i].ok)
			continue;
		v = cycles_of(&t[i], one_way);
		for (j = k++; j > 0 && sorted[j - 1] > v; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = v;
	}
	return k ? sorted[k / 2] : 0;
}

static void log_aps(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const struct park_time *w = &woke[i], *f = &fresh[i];

		ev(EV_PARK,
		   "cpu=%u apic=%#x park=%s wake=%s woke=%d by=%s action=%s wake_cycles=%lld "
		   "wake_rtt=%llu back=%d initsipi_cycles=%lld initsipi_rtt=%llu tsc=%s",
		   (unsigned)(aps[i] - cpus), aps[i]->apic, park_names[params.park],
		   wake_names[params.wake], w->ok, park_by_names[w->by],
		   park_action_names[w->action], (long long)w->one_way, (unsigned long long)w->rtt,
		   f->ok, (long long)f->one_way, (unsigned long long)f->rtt,
		   (!w->ok || in_step(w)) && (!f->ok || in_step(f)) ? "in-step" : "suspect");
	}
}

/* park_clobber=on: what every AP did when its line was overwritten. */
static void log_clobber(unsigned n)
{
	unsigned parked = 0, woken = 0, ignored = 0;

	for (unsigned i = 0; i < n; i++) {
		const struct park_time *t = &clobbered[i];
		int safe = t->action == PARK_ACT_BAD_MAGIC || t->action == PARK_ACT_BAD_COMMAND;

		parked += (unsigned)t->parked;
		woken += (unsigned)t->ok;
		ignored += (unsigned)(t->ok && safe);
		ev(EV_PARK_CLOBBER,
		   "cpu=%u apic=%#x park=%s parked=%d pattern=%#x woke=%d by=%s cycles=%lld "
		   "action=%s",
		   (unsigned)(aps[i] - cpus), aps[i]->apic, park_names[params.park], t->parked,
		   PARK_CLOBBER_BYTE, t->ok, park_by_names[t->by], (long long)t->one_way,
		   park_action_names[t->action]);
	}
	log_line("# park: line overwritten under %u parked APs: %u woke, %u ignored what they "
		 "found, %u slept on",
		 parked, woken, ignored, parked - woken);
	ktap_check(parked == n && ignored == woken, "park_clobber_ignored",
		   "%u/%u APs parked at the overwrite; %u woke, %u of them ignored the line, %u "
		   "acted on it",
		   parked, n, woken, ignored, woken - ignored);
}

static void summary(unsigned n, int clobber_on)
{
	unsigned woken = 0, back = 0, steady = 1;
	uint64_t wm, im, r1000;

	for (unsigned i = 0; i < n; i++) {
		woken += woke[i].ok && woke[i].action == PARK_ACT_ANSWERED;
		back += (unsigned)fresh[i].ok;
		steady &=
			(!woke[i].ok || in_step(&woke[i])) && (!fresh[i].ok || in_step(&fresh[i]));
	}
	wm = median(woke, n, (int)steady);
	im = median(fresh, n, (int)steady);
	r1000 = wm ? (im * 1000 + wm / 2) / wm : 0;
	ev(EV_PARK_SUMMARY,
	   "park=%s wake=%s aps=%u woke=%u back=%u basis=%s wake_median=%llu "
	   "initsipi_median=%llu ratio=%llu.%03llu clobber=%s",
	   park_names[params.park], wake_names[params.wake], n, woken, back,
	   steady ? "one-way" : "rtt/2", (unsigned long long)wm, (unsigned long long)im,
	   (unsigned long long)(r1000 / 1000), (unsigned long long)(r1000 % 1000),
	   clobber_on ? "on" : "off");
	log_line(
		"# park: %u/%u APs woke from park=%s by wake=%s in a median %llu cycles (%llu us); "
		"a fresh INIT/SIPI took %llu (%llu us): %llu.%03llu times as long",
		woken, n, park_names[params.park], wake_names[params.wake], (unsigned long long)wm,
		(unsigned long long)tsc_cycles_to_us(wm), (unsigned long long)im,
		(unsigned long long)tsc_cycles_to_us(im), (unsigned long long)(r1000 / 1000),
		(unsigned long long)(r1000 % 1000));
	ktap_check(woken == n, "park_woke", "%u/%u parked APs woke by wake=%s without INIT/SIPI",
		   woken, n, wake_names[params.wake]);
	ktap_check(back == n, "park_initsipi", "%u/%u APs came back by a fresh INIT/SIPI", back, n);
}

static int run(const struct config *cfg, const struct bootinfo *bi)
{
	unsigned n;
	int cmos_ok;

	if (refused(cfg))
		return 0;
	exception_set_step("park: setup");
	if (setup(cfg, bi))
		return 0;
	log_drain();
	exception_set_step("park: flow");
	smp_run(&params, &result);
	exception_set_step("park: report");
	if (result.timeouts)
		diagnose_second_look(&params, &result);
	smp_report(case_table[cfg->case_idx].name, &params, &result);
	warm_reset_restore();
	warm_reset_log_restores();
	cmos_ok = warm_reset_after();
	ktap_check(cmos_ok, "cmos_restored",
		   cmos_ok ? NULL : "CMOS 0x0F or 40:67 differ from what was found");
	case_boundary(cfg);
	exception_set_step("park: wake and INIT/SIPI, AP by AP");
	n = measure();
	if (cfg->park_clobber == ON) {
		exception_set_step("park: overwriting the parked APs' lines");
		park_clobber(aps, n, params.timeout_cycles, clobbered);
	}
	/* Back to wait-for-SIPI, as the firmware handed them over. */
	for (unsigned i = 0; i < n; i++)
		kick_init(aps[i], &params);
	exception_set_step("park: report");
	log_aps(n);
	if (cfg->park_clobber == ON)
		log_clobber(n);
	summary(n, cfg->park_clobber == ON);
	return 1;
}

/* It injects no fault: every fault= is refused. */
static unsigned takers(const struct config *cfg)
{
	(void)cfg;
	return 0;
}

const struct case_ops park_ops = {
	.run = run,
	.takers = takers,
	.cleanup = warm_reset_leave,
};
