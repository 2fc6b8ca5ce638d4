/* SPDX-License-Identifier: MIT */
/*
 * The UEFI types, from Debian's gnu-efi headers rather than written out by
 * hand (docs/hardware.md, "The stick"). Only boot/efi.c and boot/efi_disk.c
 * include this, compiled with the Makefile's EFI_CFLAGS: without
 * GNU_EFI_USE_MS_ABI the headers make EFIAPI empty, and every firmware call
 * would silently pass its arguments the System V way.
 */
#ifndef SMPSCOPE_BOOT_EFI_TYPES_H
#define SMPSCOPE_BOOT_EFI_TYPES_H

#ifndef GNU_EFI_USE_MS_ABI
#error "compile with -DGNU_EFI_USE_MS_ABI (the Makefile's EFI_CFLAGS): firmware calls use the MS ABI"
#endif

#include <efi.h>

_Static_assert(sizeof(UINTN) == 8, "the x86_64 gnu-efi headers");

/* The boot services of the system table GRUB handed over (boot/efi.c), for boot/efi_disk.c. */
EFI_BOOT_SERVICES *efi_bs(void);
EFI_HANDLE efi_image(void);

#endif
