/* SPDX-License-Identifier: MIT */
/*
 * CRC-32 as GPT, zlib and Ethernet compute it (reflected polynomial
 * 0xEDB88320, initial value and final xor 0xFFFFFFFF): the stick's GPT
 * headers, its index and its log slots carry it (docs/report.md, "Slots").
 */
#ifndef SMPSCOPE_LIB_CRC32_H
#define SMPSCOPE_LIB_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* crc32_update(0, p, n) is the CRC of p; feeding a buffer in pieces gives the same result. */
uint32_t crc32_update(uint32_t crc, const void *p, size_t n);

#endif
