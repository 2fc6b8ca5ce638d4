/* SPDX-License-Identifier: MIT */
/* Finding the CPUs: RSDP, then the MADT, then each CPU's place in the topology. */
#ifndef SMPSCOPE_APIC_ENUMERATE_H
#define SMPSCOPE_APIC_ENUMERATE_H

#include "../arch/bootinfo.h"
#include "acpi.h"
#include "madt.h"
#include "madt_diff.h"
#include "madt_module.h"
#include "topology.h"

struct cpu_enum {
	int have_rsdp, have_madt;
	struct rsdp rsdp;
	struct acpi_table madt_table; /* the table madt was read from: the firmware's or a module */
	struct madt_info madt;
	/* Modules holding a MADT: the one used, the ones refused (docs/hardware.md). */
	struct madt_module module;
	/* With a module's table: whether the firmware has one, its CPUs, and how they differ. */
	int have_fw_madt;
	unsigned fw_cpus, fw_ignored;
	struct madt_diff diff;
	struct topology topo;
	uint32_t bsp_apic;	 /* the BSP's APIC ID register (CPUID's if the APIC is off) */
	uint32_t bsp_cpuid_apic; /* the BSP's initial APIC ID, from CPUID */
	uint64_t hpet_base;	 /* 0 when the ACPI tables list no HPET */
	struct diag problems;

	/* The PM timer's port is 0 when the FADT gives none (docs/tsc.md). */
	struct acpi_pm_timer pm_timer;
	/* Why there is no HPET or PM timer, for the TSC's list of sources. */
	char hpet_absent[DIAG_LEN], pm_timer_absent[DIAG_LEN];
};

/* The topology layout as this CPU's own CPUID describes it. */
void topology_detect_here(struct topology *t);
/*
 * Fills e; what went wrong on the way is in e->problems. A good MADT in a loader module
 * replaces the firmware's. Returns 0 when a MADT was read.
 */
int cpus_enumerate(const struct bootinfo *bi, struct cpu_enum *e);

#endif
