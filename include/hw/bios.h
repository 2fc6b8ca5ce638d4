/* SPDX-License-Identifier: MIT */
/* Fixed places of PC firmware in low memory that the image reads or writes. */
#ifndef SMPSCOPE_HW_BIOS_H
#define SMPSCOPE_HW_BIOS_H

/*
 * BIOS data area: the EBDA's segment, the base memory size in KiB (where the
 * BIOS's own area below 1 MiB begins), and the warm-reset vector (offset,
 * then segment).
 */
#define BDA_EBDA_SEGMENT      0x40e
#define BDA_BASE_MEMORY_KB    0x413
#define BDA_WARM_RESET_VECTOR 0x467

/*
 * Where the BIOS's area may begin: a base memory size or EBDA outside this
 * range is not believed, and the area is taken to begin at the top (docs/hardware.md,
 * "The trampoline page").
 */
#define BIOS_AREA_MIN 0x20000
#define BIOS_AREA_MAX 0x9f000

/* The colour text screen, 80x25 cells of character and attribute. */
#define VGA_TEXT_BASE 0xb8000

/* Where ACPI says to look for the RSDP when there is none in the EBDA. */
#define BIOS_ROM_BASE 0xe0000
#define BIOS_ROM_SIZE 0x20000

/* Where the SMBIOS spec puts its entry points (on 16-byte boundaries) on a BIOS system. */
#define SMBIOS_SCAN_BASE 0xf0000
#define SMBIOS_SCAN_SIZE 0x10000

#endif
