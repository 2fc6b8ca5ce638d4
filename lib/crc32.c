/* SPDX-License-Identifier: MIT */
#include "crc32.h"

/* Bitwise, no table: the image checks a few hundred KiB per boot at most. */
uint32_t crc32_update(uint32_t crc, const void *p, size_t n)
{
	const uint8_t *b = p;

	crc = ~crc;
	while (n--) {
		crc ^= *b++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}
