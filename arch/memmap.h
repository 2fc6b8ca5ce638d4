/* SPDX-License-Identifier: MIT */
/* One entry of the loader's memory map, as arch/bootinfo.c copies it (multiboot 1 and 2 alike). */
#ifndef SMPSCOPE_ARCH_MEMMAP_H
#define SMPSCOPE_ARCH_MEMMAP_H

#include <stdint.h>

enum mmap_type { MMAP_RAM = 1, MMAP_RESERVED = 2, MMAP_ACPI = 3, MMAP_NVS = 4, MMAP_BAD = 5 };

struct mmap_entry {
	uint64_t base, len;
	uint32_t type;
};

#endif
