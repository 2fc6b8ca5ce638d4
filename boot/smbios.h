/* SPDX-License-Identifier: MIT */
/*
 * SMBIOS, as far as the exit needs it: the BIOS vendor string of the type 0
 * structure, found through an entry point in the BIOS area. Memory reads
 * only, through struct physmap, so a host test feeds it crafted tables
 * (docs/hardware.md, "Exit").
 */
#ifndef SMPSCOPE_BOOT_SMBIOS_H
#define SMPSCOPE_BOOT_SMBIOS_H

#include <stddef.h>
#include <stdint.h>

#include "../arch/physmap.h"

/* The type 0 vendor string is looked for in at most this much of the structure table. */
#define SMBIOS_TABLE_MAX 0x10000

/*
 * Scans [base, base + len) on 16-byte boundaries for an SMBIOS 3 ("_SM3_")
 * entry point, then a 2.x ("_SM_" with "_DMI_") one, each with a good
 * checksum, and copies type 0's vendor string into vendor (printable ASCII,
 * others as '?', cut to size). Returns 0 when it found one, -1 when there is
 * no entry point, no type 0, no vendor string, or the table is malformed.
 */
int smbios_bios_vendor(const struct physmap *pm, uint64_t base, size_t len, char *vendor,
		       size_t size);

#endif
