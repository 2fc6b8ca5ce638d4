/* SPDX-License-Identifier: MIT */
/*
 * The BIOS disk service (INT 13h) from long mode, for the stick save under
 * BIOS: extended read and write (AH=42h, 43h) of the drive GRUB booted from
 * (multiboot2 tag 5), through a real-mode thunk (boot/int13_thunk.asm) in
 * low memory (docs/hardware.md, "The stick"). Plain #defines first, so the
 * thunk reads them too.
 */
#ifndef SMPSCOPE_BOOT_INT13_H
#define SMPSCOPE_BOOT_INT13_H

/* The thunk's copy (real mode's stack grows down from it), the request packet, the buffer. */
#define INT13_BASE    0x7000
#define INT13_STACK   0x6000 /* the lowest byte the stack may reach */
#define INT13_PACKET  0x7c00
#define INT13_PARAMS  0x7d00
#define INT13_BUF     0x10000
#define INT13_BUF_END 0x18000
#define INT13_LOW_END 0x8000

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

#include "../arch/bootinfo.h"
#include "../console/stickvol.h"

_Static_assert(INT13_BUF_END - INT13_BUF >= STICK_IO_MAX * STICK_SECTOR, "a transfer fits");

/* The registers the thunk loads before `int 0x13` and stores after it. */
struct int13_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi;
	uint16_t ds, es, flags, pad;
};

/*
 * The boot drive as the stick save reads it, once the thunk's low memory is
 * free RAM by the map and the drive has the extensions; NULL, with why, else.
 */
const struct stick_disk *int13_disk(uint8_t drive, const struct bootinfo *bi, char *why, size_t n);
#endif

#endif
