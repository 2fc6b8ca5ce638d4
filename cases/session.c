/* SPDX-License-Identifier: MIT */
#include "session.h"

#include "../apic/lapic.h"
#include "../apic/regs.h"
#include "../arch/cpustate.h"
#include "../arch/smicount.h"
#include "../arch/vendor.h"
#include "../boot/exit.h"
#include "../boot/footprint_image.h"
#include "../include/exitcode.h"
#include "../boot/trampoline.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../smp/ap.h"
#include "../smp/apicid.h"
#include "../smp/cpus.h"
#include "../smp/warmreset.h"
#include "../tsc/delay.h"
#include "../lib/string.h"
#include "fault_resolve.h"
#include "fwsim.h"

/* The xAPIC MMIO base, kept for the APs also in x2APIC runs: one found in xAPIC reads it. */
static uint64_t xapic_base;
static int bsp_fw_x2apic;
static unsigned bsp_disagreements;

/*
 * Linux's smp_quirk_init_udelay(): no wait after INIT only on Intel family
 * 6, AMD from family 0xF and Hygon from 0x18; on anything older (Intel's
 * family 0xF, the Pentium 4) the MP spec's 10 ms, whatever the default
 * said. A 0 is raised there, and the log says so once (docs/knobs.md).
 */
#define INIT_UDELAY_LEGACY 10000

static uint64_t init_udelay_for_cpu(uint64_t asked)
{
	static int told;
	struct cpuid_regs r = cpuid(1, 0);
	unsigned family = ((r.eax >> 8) & 0xf) + ((r.eax >> 20) & 0xff);
	enum cpu_vendor v = cpu_vendor_of(cpuid(0, 0));
	int modern = (v == CPU_VENDOR_INTEL && family == 6) ||
		     (v == CPU_VENDOR_AMD && family >= 0xf) ||
		     (v == CPU_VENDOR_HYGON && family >= 0x18);

	if (asked || modern)
		return asked;
	if (!told++)
		log_line("# init_udelay=0 raised to %u: %s family %#x waits 10 ms after INIT in "
			 "Linux (smp_quirk_init_udelay)",
			 INIT_UDELAY_LEGACY, v == CPU_VENDOR_INTEL ? "Intel" : "this CPU's",
			 family);
	return INIT_UDELAY_LEGACY;
}

/* Every field from the knobs; the faults' are cleared for faults_resolve() to fill. */
static void params_from_knobs(const struct config *cfg, int x2apic, struct smp_params *p)
{
	memset(p, 0, sizeof(*p));
	p->flow = (enum flow)cfg->flow;
	p->order = (enum order)cfg->order;
	p->warm_reset = (enum warm_reset)cfg->warm_reset;
	p->x2apic = x2apic;
	p->bsp_fw_x2apic = bsp_fw_x2apic;
	p->apicid_source = (enum apicid_source)cfg->apicid_source;
	p->init_udelay = init_udelay_for_cpu(cfg->init_udelay);
	p->sipi_udelay = cfg->sipi_udelay;
	p->sipi = (unsigned)cfg->sipi;
	p->timeout_cycles = tsc_us_to_cycles(cfg->timeout_ms * 1000);
	p->log_live = cfg->log == LOG_LIVE;
	p->ap_wait_hlt = cfg->ap_wait == AP_WAIT_HLT;
	p->between_init = cfg->between == BETWEEN_INIT;
	/* Bochs answers any MSR with 0 and logs each read as an error: it counts no SMIs. */
	p->smi_counted = smi_count_usable() && machine_emulator() != EMULATOR_BOCHS;
	p->tsc_sync = (enum tsc_sync)cfg->tsc_sync;
	p->tsc_pairs = cfg->tsc_pairs == ON;
	p->tsc_loop_cycles = tsc_us_to_cycles(cfg->tsc_loop_ms * 1000);
	p->tsc_trials = (unsigned)cfg->tsc_trials;
	/* Linux's shorter loop when the AP has a sibling online already. */
	p->tsc_short_cycles = tsc_us_to_cycles(2000);
}

/*
 * The BSP's truth-table row, as the firmware left it; then the APIC mode of
 * the run: the firmware's unless apic= says otherwise.
 */
static int choose_apic_mode(const struct config *cfg, const struct cpu_enum *found, int *x2apic)
{
	/*
	 * Read once per boot: a later session (case=all's next rung) must see
	 * the firmware's BSP, not the mode the rung before left it in.
	 */
	static struct lapic_info li;
	static struct apic_truth t;
	static int locked, probed;

	if (!probed) {
		locked = lapic_x2apic_locked();
		lapic_probe(&li);
		lapic_truth_here(&t);
		probed = 1;
	}
	bsp_disagreements = apicid_log_bsp(
		&t,
		madt_find_apic(&found->madt, found->bsp_apic) >= 0 ? (int64_t)found->bsp_apic : -1,
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
		cpus[i].outside = OUTSIDE_XAPIC;
		/* Linux warns too (docs/hardware.md, "Findings and notes"). */
		ev(EV_MADT_FINDING,
		   "kind=%s apic=%#x linux=\"%s\" msg=\"APIC ID %#x is above 0xfe: xAPIC mode "
		   "cannot address it, so it is not kicked (apic=x2apic can)\"",
		   madt_oddity_names[MADT_ODD_XAPIC_UNREACHABLE], cpus[i].apic,
		   madt_oddity_linux[MADT_ODD_XAPIC_UNREACHABLE], cpus[i].apic);
	}
}

/* The CPU table, the faults and the APs' setup for one bringup; a KTAP not ok on failure. */
static int prepare(const struct config *cfg, const struct cpu_enum *found,
		   const struct tsc_features *tf, struct smp_params *p, int log_trampoline)
{
	static struct cpu_state bsp;
	struct diag d = { 0 };
	const struct fault *ghost = config_fault(cfg, FAULT_GHOST);

	if (cpus_build(found, (unsigned)cfg->maxcpus, ghost != NULL, ghost ? ghost->apic : 0, &d)) {
		ktap_check(0, "setup", "%s", d.msg[0]);
		return -1;
	}
	skip_unaddressable(p->x2apic);
	cpus_publish();
	if (faults_resolve(cfg, p))
		return -1;
	p->tsc_adjust = tf->tsc_adjust;
	cpus[0].tsc_adjust = tf->adjust;
	cpus[0].tsc_adjust_known = (uint8_t)tf->adjust_known;
	if (log_trampoline)
		ev(EV_TRAMPOLINE, "base=%#x vector=%#x size=%#x bios_area=%#llx", trampoline_base(),
		   trampoline_vector(), TRAMP_LOW_SIZE,
		   (unsigned long long)footprint_bios_area_found());
	cpu_state_read(&bsp);
	ap_setup(p, &bsp);
	return 0;
}

static void arm(const struct config *cfg, struct smp_params *p)
{
	trampoline_arm(fw_sim_ap_flags(cfg) | (p->x2apic ? AP_FLAG_X2APIC : 0) |
			       (p->flow == FLOW_BROADCAST ? AP_FLAG_CLAIM : 0),
		       p->x2apic ? xapic_base : apic_xapic_base(), (uint32_t)p->apicid_source,
		       &p->fault.tramp);
}

int session_start(const struct config *cfg, const struct bootinfo *bi, const struct cpu_enum *found,
		  const struct tsc_features *tf, struct smp_params *p)
{
	struct diag d = { 0 };
	int x2apic;

	if (choose_apic_mode(cfg, found, &x2apic))
		return -1;
	params_from_knobs(cfg, x2apic, p);
	if (trampoline_install(bi, &d)) {
		ktap_check(0, "setup", "%s", d.msg[0]);
		return -1;
	}
	if (prepare(cfg, found, tf, p, 1))
		return -1;
	warm_reset_found();
	arm(cfg, p);
	return 0;
}

int session_again(const struct config *cfg, const struct cpu_enum *found,
		  const struct tsc_features *tf, struct smp_params *p)
{
	params_from_knobs(cfg, p->x2apic, p);
	if (prepare(cfg, found, tf, p, 0))
		return -1;
	arm(cfg, p);
	return 0;
}

unsigned session_bsp_disagreements(void)
{
	return bsp_disagreements;
}
