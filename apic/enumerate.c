/* SPDX-License-Identifier: MIT */
#include "enumerate.h"

#include "../arch/cpu.h"
#include "../arch/physmap.h"
#include "../lib/string.h"
#include "lapic.h"

static struct cpuid_regs real_cpuid(uint32_t leaf, uint32_t sub)
{
	return cpuid(leaf, sub);
}

void topology_detect_here(struct topology *t)
{
	topology_detect(real_cpuid, t);
}

/* The first reason in d, or a plain one when d has none. */
static void absent(char *why, const struct diag *d)
{
	str_copy(why, d->count ? d->msg[0] : "not found", DIAG_LEN);
}

/*
 * The HPET and the PM timer are clocks to measure the TSC against; not having
 * them is no problem of the CPU list, so their reasons stay out of e->problems.
 */
static void find_clocks(struct cpu_enum *e)
{
	struct acpi_table t;
	struct diag dh = { 0 }, dp = { 0 };

	e->hpet_absent[0] = e->pm_timer_absent[0] = '\0';
	if (acpi_find(&e->rsdp, &phys_identity, "HPET", &t, &dh) ||
	    acpi_hpet_base(&t, &e->hpet_base, &dh)) {
		e->hpet_base = 0;
		absent(e->hpet_absent, &dh);
	}
	if (acpi_find(&e->rsdp, &phys_identity, "FACP", &t, &dp)) {
		e->pm_timer.port = 0;
		absent(e->pm_timer_absent, &dp);
		return;
	}
	if (acpi_fadt_pm_timer(&t, &e->pm_timer, &dp)) {
		e->pm_timer.port = 0;
		absent(e->pm_timer_absent, &dp);
	}
	/* A reset tries the FADT's register first, as Linux does (docs/hardware.md, "Exit"). */
	{
		struct diag dr = { 0 };
		struct reset_reg r;

		reset_use_acpi(acpi_fadt_reset(&t, &r, &dr) ? NULL : &r);
	}
}

/*
 * The module's table is the MADT; the firmware's, where there is one, is read
 * too, for the list of how they differ, its problems kept apart.
 */
static int from_module(struct cpu_enum *e)
{
	static struct madt_info fw;
	struct acpi_table t;
	struct diag quiet = { 0 };

	e->madt_table = e->module.table;
	if (madt_parse(e->madt_table.p, e->madt_table.len, &e->madt, &e->problems))
		return -1;
	madt_check_bsp(&e->madt, e->bsp_apic);
	madt_check_packages(&e->madt, e->topo.pkg_shift);
	e->have_madt = 1;
	if (e->have_rsdp && acpi_find(&e->rsdp, &phys_identity, "APIC", &t, &quiet) == 0 &&
	    madt_parse(t.p, t.len, &fw, &quiet) == 0) {
		e->have_fw_madt = 1;
		e->fw_cpus = fw.ncpus;
		e->fw_ignored = fw.nignored + fw.ignored_dropped;
		madt_diff(&fw, &e->madt, &e->diff);
	}
	return 0;
}

int cpus_enumerate(const struct bootinfo *bi, struct cpu_enum *e)
{
	memset(e, 0, sizeof(*e));
	str_copy(e->hpet_absent, "no ACPI tables: no RSDP", DIAG_LEN);
	str_copy(e->pm_timer_absent, "no ACPI tables: no RSDP", DIAG_LEN);
	/* As Linux does: the BSP is who its ID register says, not CPUID (docs/hardware.md). */
	{
		struct lapic_info li;

		lapic_probe(&li);
		e->bsp_cpuid_apic = cpu_apic_id();
		e->bsp_apic = li.id_known ? li.id : e->bsp_cpuid_apic;
	}
	topology_detect_here(&e->topo);
	madt_module_find(bi, &phys_identity, &e->module);
	if (rsdp_find(bi, &phys_identity, &e->rsdp, &e->problems) == 0) {
		e->have_rsdp = 1;
		find_clocks(e);
	}
	if (e->module.used >= 0)
		return from_module(e);
	if (!e->have_rsdp ||
	    acpi_find(&e->rsdp, &phys_identity, "APIC", &e->madt_table, &e->problems))
		return -1;
	if (madt_parse(e->madt_table.p, e->madt_table.len, &e->madt, &e->problems))
		return -1;
	madt_check_bsp(&e->madt, e->bsp_apic);
	madt_check_packages(&e->madt, e->topo.pkg_shift);
	e->have_madt = 1;
	return 0;
}
