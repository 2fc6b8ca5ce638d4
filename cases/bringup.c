/* SPDX-License-Identifier: MIT */
/*
 * The bringup cases (one-ap ... broadcast, tsc-sync, stress): the same
 * engine, smp/, under different knobs. Finds the CPUs, installs the
 * trampoline, runs the flow (rounds= times), reports, and puts the CMOS
 * warm-reset state back. stress is one of them: rounds= is in its preset.
 */
#include "../apic/enumerate.h"
#include "../apic/ipi.h"
#include "../apic/lapic.h"
#include "../apic/regs.h"
#include "../arch/cpustate.h"
#include "../boot/exception.h"
#include "../boot/trampoline.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../tsc/delay.h"
#include "../tsc/choose.h"
#include "../tsc/features.h"
#include "../tsc/freq.h"
#include "../smp/ap.h"
#include "../smp/apicid.h"
#include "../smp/audit.h"
#include "../smp/cpus.h"
#include "../smp/diagnose.h"
#include "../smp/reinit.h"
#include "../smp/report.h"
#include "../smp/rounds.h"
#include "../smp/tscjobs.h"
#include "../smp/tscpairs.h"
#include "../smp/tsctogether.h"
#include "../smp/warmreset.h"
#include "../lib/string.h"
#include "bringup.h"
#include "case_ops.h"
#include "cpulog.h"
#include "madtlog.h"
#include "screen.h"
#include "session.h"
#include "table.h"

static struct cpu_enum found;
static struct tsc_features features;
static struct smp_params params;
static struct smp_result result;
/* The ev=cpu lines are out for the next bringup_run(): measured just now. */
static int cpus_logged;

int bringup_measure(const struct bootinfo *bi)
{
	struct tsc_freq f;

	exception_set_step("bringup: setup");
	if (cpus_enumerate(bi, &found)) {
		log_madt_module(&found);
		cases_screen_madt(&found);
		ktap_check(0, "madt_found", "%s",
			   found.problems.count ? found.problems.msg[0] : "");
		return -1;
	}
	/* The MADT's lines as probe gives them, in the same words (cases/madtlog.c). */
	log_acpi_problems(&found.problems);
	log_madt_module(&found);
	cases_screen_madt(&found);
	log_madt_table(&found);
	log_madt_cpus(&found);
	log_madt_extras(&found.madt);
	cpus_logged = 1;
	tsc_measure(&found, &f, &features);
	/* Delays and timeouts need the frequency: without a credible one, nothing is timed. */
	if (!f.hz) {
		char why[TSC_REFUSAL_LEN];

		tsc_refusal(&f, why, sizeof(why));
		ktap_check(0, "tsc_frequency", "%s", why);
		return -1;
	}
	return 0;
}

const struct cpu_enum *bringup_found(void)
{
	return &found;
}

const struct tsc_features *bringup_features(void)
{
	return &features;
}

const struct smp_params *bringup_params(void)
{
	return &params;
}

/* The TSC tests that need every AP online (docs/tsc.md); then the APs that serve them halt. */
static void tsc_after_bringup(const struct smp_params *p)
{
	if (p->tsc_pairs)
		tsc_pairs_run(p);
	if (p->tsc_sync == TSC_SYNC_TOGETHER)
		tsc_together_run(p);
	else if (p->tsc_trials > 1 && p->tsc_sync != TSC_SYNC_OFF)
		tsc_trials_run(p);
	tsc_jobs_stop(p);
}

static void bsp_faults(const struct config *cfg)
{
	/* bsp-ud2:mid fires from the flow (smp/flows.c) instead. */
	if (config_fault(cfg, FAULT_BSP_UD2) && !config_fault(cfg, FAULT_BSP_UD2)->value) {
		exception_set_step("bringup: fault=bsp-ud2, before the flow");
		exception_inject_ud2();
	}
	if (config_fault(cfg, FAULT_BSP_NMI)) {
		/* The NMI lands while the log's lock is held: its report must still come out. */
		exception_set_step("bringup: fault=bsp-nmi, the log's lock held");
		ktap_check(0, "bsp_nmi", "%s",
			   log_call_locked(ipi_nmi_self)
				   ? "the log's lock could not be taken"
				   : "the NMI the BSP sent itself never arrived");
	}
}

/* rounds=N: round 1 is set up already; each later one starts from INIT. */
static int run_rounds(const struct config *cfg, unsigned n)
{
	struct reinit_result init = { 0, 0, 0 };
	char why[160];

	if (n > 1 && rounds_begin(n, why, sizeof(why))) {
		ktap_check(0, "rounds", "%s", why);
		return 0;
	}
	for (unsigned k = 1; k <= n; k++) {
		if (k > 1) {
			smp_reinit(&params, &init);
			memset(&result, 0, sizeof(result));
			if (session_again(cfg, &found, &features, &params))
				return 0;
		}
		smp_run(&params, &result);
		exception_set_step("bringup: report");
		if (result.timeouts)
			diagnose_second_look(&params, &result);
		if (n > 1)
			rounds_add(k, &params, &result, init.sent, init.parked);
		/* Each round's APs audited before the next INIT; the last by the report. */
		if (k < n)
			audit_collect(&params, k);
		exception_set_step("bringup: flow");
	}
	return 1;
}

int bringup_run(const struct config *cfg, const struct bootinfo *bi)
{
	int cmos_ok, ran;

	exception_set_step("bringup: setup");
	if (!cpus_logged)
		log_madt_cpus(&found);
	cpus_logged = 0;
	memset(&result, 0, sizeof(result));
	if (session_start(cfg, bi, &found, &features, &params))
		return 0;
	log_drain();
	bsp_faults(cfg);
	exception_set_step("bringup: flow");
	ran = run_rounds(cfg, (unsigned)cfg->rounds);
	exception_set_step("bringup: report");
	if (ran)
		tsc_after_bringup(&params);
	if (ran)
		smp_report(case_table[cfg->case_idx].name, &params, &result);
	if (ran && cfg->rounds > 1)
		rounds_report();
	warm_reset_restore();
	warm_reset_log_restores();
	cmos_ok = warm_reset_after();
	ktap_check(cmos_ok, "cmos_restored",
		   cmos_ok ? NULL : "CMOS 0x0F or 40:67 differ from what was found");
	return ran;
}

static int run(const struct config *cfg, const struct bootinfo *bi)
{
	if (bringup_measure(bi))
		return 0;
	return bringup_run(cfg, bi);
}

static unsigned takers(const struct config *cfg)
{
	(void)cfg;
	return FAULT_BY(BRINGUP);
}

const struct case_ops bringup_ops = {
	.run = run,
	.takers = takers,
	/* The CMOS warm-reset vector as the firmware left it, also after a BSP failure. */
	.cleanup = warm_reset_leave,
};
