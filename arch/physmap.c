/* SPDX-License-Identifier: MIT */
/*
 * Physical memory as the image sees it: the identity map of the low 4 GiB
 * (boot/entry.asm), and above it the GiBs arch/paging.c maps on first use,
 * for ACPI tables that UEFI firmware put there.
 */
#include "physmap.h"
#include "paging.h"

#define IDENTITY_LIMIT (4ull << 30)

static const void *identity_map(const struct physmap *pm, uint64_t addr, size_t len)
{
	(void)pm;
	if (addr < IDENTITY_LIMIT && len <= IDENTITY_LIMIT - addr)
		return (const void *)(uintptr_t)addr;
	if (addr < IDENTITY_LIMIT || paging_map_identity(addr, len))
		return NULL;
	return (const void *)(uintptr_t)addr;
}

const struct physmap phys_identity = { identity_map, NULL };
