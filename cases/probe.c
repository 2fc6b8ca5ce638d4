/* SPDX-License-Identifier: MIT */
/*
 * The probe case: what the firmware hands over. With identify=on each AP is
 * then kicked once, as far as its C entry, to give its IDs, and sent INIT
 * back; with identify=off no AP is touched. Every fact is an ev= line; the
 * checks are what a bringup would need.
 */
#include "../apic/enumerate.h"
#include "../apic/lapic.h"
#include "../boot/cmos.h"
#include "../arch/cpustate.h"
#include "../boot/exception.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../smp/apicid.h"
#include "../tsc/choose.h"
#include "../tsc/features.h"
#include "../tsc/freq.h"
#include "boundary.h"
#include "case_ops.h"
#include "cpulog.h"
#include "identify.h"
#include "madtlog.h"
#include "screen.h"

static struct cpu_enum cpus;
static struct tsc_features tsc_facts;
static int tsc_known;

static void probe_madt(const struct config *cfg, const struct bootinfo *bi)
{
	int found = cpus_enumerate(bi, &cpus) == 0;
	const struct madt_info *m = &cpus.madt;
	int bsp;

	if (cpus.have_rsdp)
		ev(EV_ACPI, "rsdp=%s addr=%#llx revision=%u rsdt=%#x xsdt=%#llx", cpus.rsdp.how,
		   (unsigned long long)cpus.rsdp.where, cpus.rsdp.revision, cpus.rsdp.rsdt,
		   (unsigned long long)cpus.rsdp.xsdt);
	log_acpi_problems(&cpus.problems);
	log_madt_module(&cpus);
	cases_screen_madt(&cpus);
	ktap_check(found, "madt_found", found ? NULL : "%s",
		   cpus.problems.count ? cpus.problems.msg[0] : "no MADT");
	ev(EV_TOPOLOGY, "source=%s smt_bits=%u pkg_shift=%u", cpus.topo.source, cpus.topo.smt_bits,
	   cpus.topo.pkg_shift);
	if (!found) {
		case_boundary(cfg);
		return;
	}
	log_madt_table(&cpus);
	log_madt_cpus(&cpus);
	log_madt_extras(m);
	ktap_check(m->checksum_ok && cpus.problems.count == 0, "madt_valid",
		   cpus.problems.count ? "%s"
		   : m->checksum_ok    ? NULL
				       : "checksum is wrong",
		   cpus.problems.msg[0]);
	ktap_check(madt_count_enabled(m) > 0, "cpus_present", "%u enabled of %u listed",
		   madt_count_enabled(m), m->ncpus);
	bsp = madt_find_apic(m, cpus.bsp_apic);
	ktap_check(bsp >= 0 && m->cpus[bsp].enabled, "bsp_in_madt",
		   bsp < 0		  ? "the BSP's APIC ID %#x is not in the MADT"
		   : m->cpus[bsp].enabled ? "APIC ID %#x"
					  : "APIC ID %#x is listed as disabled",
		   cpus.bsp_apic);
	case_boundary(cfg);
}

static void probe_lapic(const struct config *cfg)
{
	struct lapic_info li;

	lapic_probe(&li);
	ev(EV_LAPIC, "addr=%#llx mode=%s bsp=%d x2apic_supported=%d id=%#x version=%#x",
	   (unsigned long long)li.base, lapic_mode_name(&li), li.bsp, li.x2apic_supported, li.id,
	   li.version);
	if (!li.id_known)
		ktap_skip("lapic_id", "the local APIC is disabled or above 4 GiB");
	else
		ktap_check(li.id == cpus.bsp_apic, "lapic_id",
			   "APIC ID register %#x, CPUID says %#x", li.id, cpus.bsp_apic);
	if (cpus.have_madt && li.base != cpus.madt.lapic_addr)
		ev(EV_LAPIC, "note=\"APIC_BASE %#llx differs from the MADT's %#llx\"",
		   (unsigned long long)li.base, (unsigned long long)cpus.madt.lapic_addr);
	case_boundary(cfg);
}

/* The BSP's row of the APIC-ID truth table alone, when no AP is to be kicked. */
static void probe_apicid(const struct config *cfg)
{
	struct apic_truth t;

	lapic_truth_here(&t);
	apicid_log_bsp(&t,
		       cpus.have_madt && madt_find_apic(&cpus.madt, cpus.bsp_apic) >= 0
			       ? (int64_t)cpus.bsp_apic
			       : -1,
		       lapic_x2apic_locked());
	case_boundary(cfg);
}

static void probe_tsc(const struct config *cfg)
{
	struct tsc_freq f;
	char why[TSC_REFUSAL_LEN];

	tsc_measure(&cpus, &f, &tsc_facts);
	tsc_known = f.hz != 0;
	if (f.hz)
		fmt_buf(why, sizeof(why), "%s: %s", f.source, f.why);
	else
		tsc_refusal(&f, why, sizeof(why));
	ktap_check(f.hz != 0, "tsc_frequency", "%s", why);
	case_boundary(cfg);
}

static const char *mtrr_type(uint64_t t)
{
	static const char *const names[8] = { "UC", "WC", "?2", "?3", "WT", "WP", "WB", "UC-" };

	return names[t & 7];
}

static void probe_firmware_state(const struct config *cfg)
{
	struct warm_reset_state wr;
	struct cpu_state cs;
	unsigned phys_bits = cpu_phys_bits();

	warm_reset_read(&wr);
	ev(EV_CMOS, "when=found reg0f=%#04x vector=%04x:%04x nmi_disabled=%s", wr.reg0f, wr.segment,
	   wr.offset,
	   wr.nmi_disabled < 0 ? "unknown"
	   : wr.nmi_disabled   ? "1"
			       : "0");
	cpu_state_read(&cs);
	if (cs.ucode_known)
		ev(EV_MICROCODE, "cpu=0 apic=%#x rev=%#x family=%#x model=%#x stepping=%u",
		   cpus.bsp_apic, cs.ucode_rev, cs.family, cs.model, cs.stepping);
	else
		ev(EV_MICROCODE, "cpu=0 apic=%#x rev=unknown family=%#x model=%#x stepping=%u",
		   cpus.bsp_apic, cs.family, cs.model, cs.stepping);
	if (!cs.mtrr) {
		ev(EV_MTRR, "cpu=0 apic=%#x present=0 cr0_cd=%d", cpus.bsp_apic, cs.cr0_cd);
		case_boundary(cfg);
		return;
	}
	ev(EV_MTRR, "cpu=0 apic=%#x present=1 enabled=%d fixed=%d default=%s vcnt=%u cr0_cd=%d",
	   cpus.bsp_apic, !!(cs.mtrr_def & (1 << 11)), !!(cs.mtrr_def & (1 << 10)),
	   mtrr_type(cs.mtrr_def), (unsigned)(cs.mtrr_cap & 0xff), cs.cr0_cd);
	for (unsigned i = 0; i < cs.nvar; i++) {
		if (!(cs.var[i].mask & (1 << 11)))
			continue;
		ev(EV_MTRR_VAR, "cpu=0 n=%u base=%#llx size=%#llx type=%s", i,
		   (unsigned long long)(cs.var[i].base & ~0xfffull),
		   (unsigned long long)mtrr_var_size(cs.var[i].mask, phys_bits),
		   mtrr_type(cs.var[i].base));
	}
	case_boundary(cfg);
}

static int run(const struct config *cfg, const struct bootinfo *bi)
{
	int identify = cfg->identify == ON;

	exception_set_step("probe: madt");
	probe_madt(cfg, bi);
	if (config_fault(cfg, FAULT_BSP_UD2)) {
		exception_set_step("probe: fault=bsp-ud2");
		exception_inject_ud2();
	}
	exception_set_step("probe: lapic");
	probe_lapic(cfg);
	exception_set_step("probe: tsc");
	probe_tsc(cfg);
	exception_set_step("probe: firmware state");
	probe_firmware_state(cfg);
	/* Last, so that every fact above is as the firmware left it. */
	exception_set_step("probe: apicid");
	if (!identify)
		probe_apicid(cfg);
	else if (!cpus.have_madt || !tsc_known)
		ktap_skip("aps_identified", !cpus.have_madt
						    ? "no MADT: no AP to kick"
						    : "no TSC frequency: no bound on a wait");
	else
		probe_identify(cfg, bi, &cpus, &tsc_facts);
	return 1;
}

/* With identify=off probe starts no AP: of the faults only the BSP's own. */
static unsigned takers(const struct config *cfg)
{
	return FAULT_BY(PROBE) | (cfg->identify == ON ? FAULT_BY(IDENTIFY) : 0);
}

const struct case_ops probe_ops = {
	.run = run,
	.takers = takers,
	.cleanup = probe_identify_leave,
};
