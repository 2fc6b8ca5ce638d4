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
#include "table.h"

static struct cpu_enum found;
static struct smp_params params;
static struct smp_result result;
/* The xAPIC MMIO base, kept for the APs also in x2APIC runs: one found in xAPIC reads it. */
static uint64_t xapic_base;
static int bsp_fw_x2apic;

#define INJECTABLE                                                                                 \
	(1u << FAULT_STOP | 1u << FAULT_EXCEPTION | 1u << FAULT_NOSIPI | 1u << FAULT_GHOST |       \
	 1u << FAULT_BSP_UD2 | 1u << FAULT_TSC_SKEW | 1u << FAULT_APICID | 1u << FAULT_APIC_MODE | \
	 1u << FAULT_BSP_NMI)

static void params_from_knobs(const struct config *cfg, int x2apic)
{
	params.flow = (enum flow)cfg->flow;
	params.order = (enum order)cfg->order;
	params.warm_reset = (enum warm_reset)cfg->warm_reset;
	params.x2apic = x2apic;
	params.bsp_fw_x2apic = bsp_fw_x2apic;
	params.apicid_source = (enum apicid_source)cfg->apicid_source;
	params.init_udelay = cfg->init_udelay;
	params.sipi_udelay = cfg->sipi_udelay;
	params.sipi = (unsigned)cfg->sipi;
	params.timeout_cycles = tsc_us_to_cycles(cfg->timeout_ms * 1000);
	params.log_live = cfg->log == LOG_LIVE;
	params.ap_wait_hlt = cfg->ap_wait == AP_WAIT_HLT;
	params.tsc_sync = (enum tsc_sync)cfg->tsc_sync;
	params.tsc_pairs = cfg->tsc_pairs == ON;
	params.tsc_loop_cycles = tsc_us_to_cycles(cfg->tsc_loop_ms * 1000);
	/* Linux's shorter loop when the AP has a sibling online already. */
	params.tsc_short_cycles = tsc_us_to_cycles(2000);
}

/*
 * The BSP's truth-table row, as the firmware left it; then the APIC mode of
 * the run: the firmware's unless apic= says otherwise.
 */
static int choose_apic_mode(const struct config *cfg, int *x2apic)
{
	struct lapic_info li;
	struct apic_truth t;
	int locked = lapic_x2apic_locked();

	lapic_probe(&li);
	lapic_truth_here(&t);
	apicid_log_bsp(
		&t, madt_find_apic(&found.madt, found.bsp_apic) >= 0 ? (int64_t)found.bsp_apic : -1,
		locked);
	bsp_fw_x2apic = li.x2apic;
	xapic_base = li.base;
	*x2apic = cfg->apic == APIC_AUTO ? li.x2apic : cfg->apic == APIC_X2APIC;
	if (!*x2apic && li.x2apic && locked) {
		/* Leaving a locked x2APIC would #GP (Linux: x2apic_hw_locked). */
		ktap_check(0, "apic_mode",
			   "apic=xapic: firmware locked the APIC in x2APIC mode "
			   "(IA32_XAPIC_DISABLE_STATUS bit 0); refusing to leave it");
		return -1;
	}
	if (*x2apic && lapic_map_mmio(li.base))
		xapic_base = 0;
	if (apic_mode_set(*x2apic, li.base)) {
		ktap_check(0, "apic_mode", "%s",
			   *x2apic ? "apic=x2apic: this CPU has no x2APIC (CPUID.1:ECX[21])"
				   : "the xAPIC base is above 4 GiB");
		return -1;
	}
	ev(EV_LAPIC, "addr=%#llx mode=%s firmware_mode=%s id=%#x", (unsigned long long)li.base,
	   *x2apic ? "x2apic" : "xapic", lapic_mode_name(&li), apic_read_id());
	apic_quiet_enable();
	return 0;
}

/* An xAPIC destination is 8 bits and 0xFF is a broadcast: such a CPU is named, not kicked. */
static void skip_unaddressable(int x2apic)
{
	for (unsigned i = 1; i < ncpus; i++) {
		if (!cpus[i].enabled || madt_apic_addressable(cpus[i].apic, x2apic))
			continue;
		cpus[i].enabled = 0;
		ev(EV_MADT_FINDING,
		   "kind=xapic-unreachable apic=%#x msg=\"APIC ID %#x is above 0xfe: xAPIC mode "
		   "cannot "
		   "address it, so it is not kicked (apic=x2apic can)\"",
		   cpus[i].apic, cpus[i].apic);
	}
}

static int setup(const struct config *cfg, const struct bootinfo *bi)
{
	struct tsc_freq f;
	struct tsc_features tf;
	struct cpu_state bsp;
	struct diag d = { 0 };
	int x2apic;
	const struct fault *ghost = config_fault(cfg, FAULT_GHOST);

	if (cpus_enumerate(bi, &found)) {
		ktap_check(0, "madt_found", "%s",
			   found.problems.count ? found.problems.msg[0] : "");
		return -1;
	}
	log_madt_cpus(&found);
	tsc_freq_detect(&f, found.hpet_base);
	tsc_features_read(&tf);
	log_tsc(&f, &tf, found.hpet_base);
	if (!f.hz) {
		ktap_check(0, "tsc_frequency", "no TSC frequency: delays and timeouts need one");
		return -1;
	}
	if (choose_apic_mode(cfg, &x2apic))
		return -1;
	params_from_knobs(cfg, x2apic);
	if (trampoline_install(bi, &d) || cpus_build(&found, (unsigned)cfg->maxcpus, ghost != NULL,
						     ghost ? ghost->apic : 0, &d)) {
		ktap_check(0, "setup", "%s", d.msg[0]);
		return -1;
	}
	skip_unaddressable(x2apic);
	if (faults_resolve(cfg, &params))
		return -1;
	params.tsc_adjust = tf.tsc_adjust;
	cpus[0].tsc_adjust = tf.adjust;
	cpus[0].tsc_adjust_known = (uint8_t)tf.adjust_known;
	ev(EV_TRAMPOLINE, "base=%#x vector=%#x size=%#x", trampoline_base(), trampoline_vector(),
	   TRAMP_LOW_SIZE);
	cpu_state_read(&bsp);
	ap_setup(&params, &bsp);
	warm_reset_found();
	trampoline_arm((x2apic ? AP_FLAG_X2APIC : 0) |
			       (params.flow == FLOW_BROADCAST ? AP_FLAG_CLAIM : 0),
		       x2apic ? xapic_base : apic_xapic_base(), (uint32_t)params.apicid_source,
		       &params.tramp_fault);
	return 0;
}

int case_bringup(const struct config *cfg, const struct bootinfo *bi)
{
	int cmos_ok;

	if (!runner_check_faults(cfg, INJECTABLE))
		return 0;
	exception_set_step("bringup: setup");
	if (setup(cfg, bi))
		return 0;
	runner_set_cleanup(warm_reset_restore);
	log_drain();
	if (config_fault(cfg, FAULT_BSP_UD2)) {
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
