/* SPDX-License-Identifier: MIT */
/* Finding one ACPI table by signature through the XSDT or RSDT, every length and sum checked. */
#ifndef SMPSCOPE_APIC_ACPI_H
#define SMPSCOPE_APIC_ACPI_H

#include <stdint.h>

#include "../boot/reset.h"
#include "../boot/rsdp.h"

/* No table we read is near this; a bigger length is a corrupt header. */
#define ACPI_TABLE_MAX (1u << 20)

struct acpi_table {
	const uint8_t *p;
	uint64_t addr;
	uint32_t len;
	uint8_t revision;
	int checksum_ok;
	char oem_id[7];
	const char *via; /* "xsdt" or "rsdt"; "module" for a table the loader handed over */
};

/* The ACPI PM timer as the FADT describes it (docs/tsc.md). */
struct acpi_pm_timer {
	uint16_t port;	  /* its I/O port */
	uint8_t bits;	  /* 24, or 32 where the FADT's TMR_VAL_EXT flag says so */
	const char *from; /* "x_pm_tmr_blk" or "pm_tmr_blk" */
};

/* Fills t for the len bytes of a table at h (physical address addr), found via "xsdt"... */
void acpi_table_at(const uint8_t *h, uint64_t addr, uint32_t len, const char *via,
		   struct acpi_table *t);
/* The PM timer from the FADT ("FACP"); -1 with the reason in d when there is none. */
int acpi_fadt_pm_timer(const struct acpi_table *fadt, struct acpi_pm_timer *t, struct diag *d);
/*
 * The FADT's reset register and value, as Linux's acpi_reboot() takes them:
 * FADT revision 2 or later, RESET_REG_SUP set, an address in memory, I/O or
 * PCI configuration space. -1 with the reason in d when there is none.
 */
int acpi_fadt_reset(const struct acpi_table *fadt, struct reset_reg *r, struct diag *d);
/* The HPET's MMIO base from the ACPI HPET table; -1 with the reason in d when there is none. */
int acpi_hpet_base(const struct acpi_table *hpet, uint64_t *base, struct diag *d);
/* Returns 0 and fills t, or -1 with the reasons in d. */
int acpi_find(const struct rsdp *r, const struct physmap *pm, const char sig[4],
	      struct acpi_table *t, struct diag *d);

#endif
