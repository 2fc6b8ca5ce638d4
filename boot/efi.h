/* SPDX-License-Identifier: MIT */
/*
 * UEFI with boot services kept (GRUB's multiboot2 EFI path, boot/header.asm):
 * the boot disk's Block I/O for the stick save, then ExitBootServices and a
 * memory map of the image's own, since GRUB passes none when it keeps boot
 * services (docs/hardware.md, "The stick").
 */
#ifndef SMPSCOPE_BOOT_EFI_H
#define SMPSCOPE_BOOT_EFI_H

#include <stddef.h>
#include <stdint.h>

#include "../console/stickvol.h"

/* How boot services were left, for the log. */
struct efi_exit {
	int started;	  /* the system table was usable */
	unsigned tries;	  /* ExitBootServices calls; 1 unless the map changed in between */
	uint64_t status;  /* the last one's status: 0 when boot services are gone */
	unsigned entries; /* the memory map handed on, after merging neighbours */
	const char *why;  /* NULL, or what went wrong */
};

/* The system table and GRUB's image handle (multiboot2 tags 12 and 20). 0: usable. */
int efi_start(uint64_t system_table, uint64_t image_handle);
/*
 * A copy of the loader's info block with a memory map tag (6) made from
 * GetMemoryMap: what the image reads before it leaves boot services. 0: none.
 */
uint64_t efi_info_with_map(uint64_t info);
/* The whole disk GRUB was loaded from, as the stick save reads it; NULL, with why, when none. */
const struct stick_disk *efi_boot_disk(char *why, size_t n);
/*
 * Leaves boot services, retried while the map key changes, with interrupts
 * off after. Returns the info block to hand on: a copy with the final map,
 * or info itself when there is none.
 */
uint64_t efi_leave(uint64_t info);
const struct efi_exit *efi_exit_report(void);
/* Into the 32-bit entry as a multiboot loader leaves the machine (boot/efi_entry.asm). */
void __attribute__((noreturn)) efi_to_start32(uint32_t magic, uint32_t info);

#endif
