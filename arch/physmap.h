/* SPDX-License-Identifier: MIT */
/*
 * How parsers reach physical memory. In the image it is the identity map
 * of the low 4 GiB; in the host tests it is a crafted buffer. A parser
 * asks for exactly the bytes it will read, and gets NULL when they are
 * not there, so a bad pointer in a table is a message, not a fault.
 */
#ifndef SMPSCOPE_ARCH_PHYSMAP_H
#define SMPSCOPE_ARCH_PHYSMAP_H

#include <stddef.h>
#include <stdint.h>

struct physmap {
	const void *(*map)(const struct physmap *pm, uint64_t addr, size_t len);
	void *ctx;
};

static inline const void *phys(const struct physmap *pm, uint64_t addr, size_t len)
{
	if (len == 0 || addr + len < addr)
		return NULL;
	return pm->map(pm, addr, len);
}

static inline uint8_t checksum8(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

/* Reads that do not assume alignment: firmware tables are packed. */
static inline uint16_t get16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t get32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static inline uint64_t get64(const void *p)
{
	return get32(p) | (uint64_t)get32((const uint8_t *)p + 4) << 32;
}

#ifndef SMPSCOPE_HOST
/* The image's own: the identity map of the low 4 GiB, and above it what arch/paging.c maps. */
extern const struct physmap phys_identity;
#endif

#endif
