/* SPDX-License-Identifier: MIT */
/* Physical memory as the image sees it: the identity map of the low 4 GiB (boot/entry.asm). */
#include "physmap.h"

#define IDENTITY_LIMIT (4ull << 30)

static const void *identity_map(const struct physmap *pm, uint64_t addr, size_t len)
{
	(void)pm;
	if (addr >= IDENTITY_LIMIT || len > IDENTITY_LIMIT - addr)
		return NULL;
	return (const void *)(uintptr_t)addr;
}

const struct physmap phys_identity = { identity_map, NULL };
