/* SPDX-License-Identifier: MIT */
/* The CPUs the firmware lists in the MADT (ACPI "APIC" table). */
#ifndef SMPSCOPE_APIC_MADT_H
#define SMPSCOPE_APIC_MADT_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/diag.h"

/* At least 1024 CPUs (docs/log-format.md, ev=madt); the table is static, so this is the cap. */
#define MADT_MAX_CPUS 1024

struct madt_cpu {
	uint32_t apic_id;
	uint32_t uid;
	uint8_t type; /* 0 local APIC, 9 local x2APIC */
	uint8_t enabled;
	uint8_t online_capable; /* may be brought online later (ACPI 6.3 flag bit 1) */
};

struct madt_info {
	uint64_t lapic_addr; /* after any type 5 override */
	uint32_t lapic_addr32;
	int lapic_override;
	uint32_t flags; /* bit 0: the board has dual 8259s (PCAT_COMPAT) */
	int checksum_ok;
	unsigned nentries;
	unsigned ncpus, dropped, duplicates;
	struct madt_cpu cpus[MADT_MAX_CPUS];
};

/*
 * Parses a MADT of len bytes at p. Every entry length is checked against
 * its type and the table end; a duplicate APIC ID is named and dropped.
 * Returns -1 when the table cannot be read at all, else 0 (with any
 * problems in d; a wrong checksum leaves checksum_ok 0).
 */
int madt_parse(const uint8_t *p, size_t len, struct madt_info *mi, struct diag *d);
/* Index of the CPU with that APIC ID, or -1. */
int madt_find_apic(const struct madt_info *mi, uint32_t apic_id);

#endif
