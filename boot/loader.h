/* SPDX-License-Identifier: MIT */
/* The loader formats: multiboot1 and multiboot2, into one struct bootinfo. */
#ifndef SMPSCOPE_BOOT_LOADER_H
#define SMPSCOPE_BOOT_LOADER_H

#include <stdint.h>

#include "../arch/bootinfo.h"

/*
 * Fills bi from the loader's magic and info address. Every length is
 * checked against what it sits in; what does not fit is skipped and named
 * in bi->problems. Returns -1 when nothing could be read at all.
 */
int bootinfo_parse(uint32_t magic, uint64_t info, const struct physmap *pm, struct bootinfo *bi);
int mb2_parse(uint64_t info, const struct physmap *pm, struct bootinfo *bi);
int mb1_parse(uint64_t info, const struct physmap *pm, struct bootinfo *bi);

#endif
