/* SPDX-License-Identifier: MIT */
/*
 * A MADT from a loader module (GRUB's module2, QEMU's -initrd) instead of the
 * firmware's: the user's edited table, as Linux takes tables from the initrd
 * (docs/hardware.md, "A MADT from the stick"). Each module is checked as a
 * table; the first good one is used, every other is refused by name.
 */
#ifndef SMPSCOPE_APIC_MADT_MODULE_H
#define SMPSCOPE_APIC_MADT_MODULE_H

#include "../arch/bootinfo.h"
#include "acpi.h"

struct madt_refusal {
	char name[BOOTINFO_MODARG_MAX];
	char why[DIAG_LEN];
};

struct madt_module {
	int used; /* the index of the module whose table is used, or -1 */
	char name[BOOTINFO_MODARG_MAX];
	struct acpi_table table; /* via "module" */
	uint64_t size;		 /* the module's bytes: the table's length, or more (trailing) */
	unsigned nrefused;
	struct madt_refusal refused[BOOTINFO_MODS_MAX];
};

/*
 * Looks at every module bi lists: signature APIC, a header length from 44 up to the
 * module's size, bytes that sum to 0. Fills mm; returns 1 when a table is to be used.
 */
int madt_module_find(const struct bootinfo *bi, const struct physmap *pm, struct madt_module *mm);

#endif
