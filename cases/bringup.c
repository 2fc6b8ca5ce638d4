/* SPDX-License-Identifier: MIT */
/*
 * The bringup cases (one-ap ... broadcast): the same engine, smp/, under
 * different knobs. Finds the CPUs, installs the trampoline, runs the flow,
 * reports, and puts the CMOS warm-reset state back.
 */
#include "../apic/enumerate.h"
#include "../apic/ipi.h"
#include "../apic/lapic.h"
#include "../apic/regs.h"
#include "../boot/cpustate.h"
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
#include "../smp/cpus.h"
#include "../smp/diagnose.h"
#include "../smp/report.h"
#include "../smp/tscsync.h"
#include "../smp/warmreset.h"
#include "cpulog.h"
#include "faults.h"
#include "runner.h"
#include "session.h"
#include "table.h"

static struct cpu_enum found;
static struct smp_params params;
static struct smp_result result;

#define INJECTABLE                                                                                 \
	(1u << FAULT_STOP | 1u << FAULT_EXCEPTION | 1u << FAULT_NOSIPI | 1u << FAULT_GHOST |       \
	 1u << FAULT_BSP_UD2 | 1u << FAULT_TSC_SKEW | 1u << FAULT_APICID | 1u << FAULT_APIC_MODE | \
	 1u << FAULT_RESET | 1u << FAULT_BSP_NMI | 1u << FAULT_ESR | 1u << FAULT_SIPI_AGAIN)

static int setup(const struct config *cfg, const struct bootinfo *bi)
{
	struct tsc_freq f;
	struct tsc_features tf;

	if (cpus_enumerate(bi, &found)) {
		ktap_check(0, "madt_found", "%s",
			   found.problems.count ? found.problems.msg[0] : "");
		return -1;
	}
	log_madt_cpus(&found);
	tsc_measure(&found, &f, &tf);
	/* Delays and timeouts need the frequency: without a credible one, nothing is timed. */
	if (!f.hz) {
		char why[TSC_REFUSAL_LEN];

		tsc_refusal(&f, why, sizeof(why));
		ktap_check(0, "tsc_frequency", "%s", why);
		return -1;
	}
	return session_start(cfg, bi, &found, &tf, &params);
}

int case_bringup(const struct config *cfg, const struct bootinfo *bi)
{
	int cmos_ok;

	if (!runner_check_faults(cfg, INJECTABLE))
		return 0;
	exception_set_step("bringup: setup");
	if (setup(cfg, bi))
		return 0;
	runner_set_cleanup(warm_reset_leave);
	log_drain();
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
	exception_set_step("bringup: flow");
	smp_run(&params, &result);
	exception_set_step("bringup: report");
	if (result.timeouts)
		diagnose_second_look(&params, &result);
	if (params.tsc_pairs)
		tsc_pairs_run(&params);
	smp_report(case_table[cfg->case_idx].name, &params, &result);
	warm_reset_restore();
	warm_reset_log_restores();
	cmos_ok = warm_reset_after();
	ktap_check(cmos_ok, "cmos_restored",
		   cmos_ok ? NULL : "CMOS 0x0F or 40:67 differ from what was found");
	return 1;
}
