/* SPDX-License-Identifier: MIT */
#include "enumerate.h"

#include "../boot/cpu.h"
#include "../boot/physmap.h"
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

int cpus_enumerate(const struct bootinfo *bi, struct cpu_enum *e)
{
	memset(e, 0, sizeof(*e));
	/* As Linux does: the BSP is who its ID register says, not CPUID (docs/hardware.md). */
	{
		struct lapic_info li;

		lapic_probe(&li);
		e->bsp_cpuid_apic = cpu_apic_id();
		e->bsp_apic = li.id_known ? li.id : e->bsp_cpuid_apic;
	}
	topology_detect_here(&e->topo);
	if (rsdp_find(bi, &phys_identity, &e->rsdp, &e->problems))
		return -1;
	e->have_rsdp = 1;
	/* The HPET is a clock to check the TSC against; not having one is no problem. */
	{
		struct acpi_table hpet;
		struct diag quiet = { 0 };

		if (acpi_find(&e->rsdp, &phys_identity, "HPET", &hpet, &quiet) == 0 &&
		    acpi_hpet_base(&hpet, &e->hpet_base, &e->problems))
			e->hpet_base = 0;
	}
	if (acpi_find(&e->rsdp, &phys_identity, "APIC", &e->madt_table, &e->problems))
		return -1;
	if (madt_parse(e->madt_table.p, e->madt_table.len, &e->madt, &e->problems))
		return -1;
	madt_check_bsp(&e->madt, e->bsp_apic);
	e->have_madt = 1;
	return 0;
}
