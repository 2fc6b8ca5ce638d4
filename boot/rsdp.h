/* SPDX-License-Identifier: MIT */
/* Where the ACPI RSDP is: the loader's copy (multiboot2 tags 14/15), else the BIOS areas. */
#ifndef SMPSCOPE_BOOT_RSDP_H
#define SMPSCOPE_BOOT_RSDP_H

#include <stdint.h>

#include "../lib/diag.h"
#include "../arch/physmap.h"
#include "../arch/bootinfo.h"

struct rsdp {
	uint8_t raw[36];
	uint8_t revision;
	uint32_t rsdt;
	uint64_t xsdt;
	uint64_t where;	 /* physical address, 0 for the loader's copy */
	const char *how; /* "mb2-tag14", "mb2-tag15", "ebda" or "bios-rom" */
};

/* Checks one candidate: signature, the 20-byte checksum, and for 2.0+ the extended one. */
int rsdp_check(const uint8_t *p, size_t avail, struct rsdp *out, struct diag *d);
/* Finds the RSDP; returns 0 and fills out, or -1 with the reasons in d. */
int rsdp_find(const struct bootinfo *bi, const struct physmap *pm, struct rsdp *out,
	      struct diag *d);

#endif
