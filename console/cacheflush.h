/* SPDX-License-Identifier: MIT */
/*
 * Writing cache lines back to RAM, so what the image stores reaches the
 * DIMMs before a reset can throw the caches away (the lastlog copy,
 * console/lastlog.c; docs/hardware.md, "Memory").
 */
#ifndef SMPSCOPE_CONSOLE_CACHEFLUSH_H
#define SMPSCOPE_CONSOLE_CACHEFLUSH_H

#include <stddef.h>

/* Picks the instruction from CPUID: CLFLUSHOPT, else CLFLUSH, else none. */
void cache_writeback_setup(void);
/* Starts writing back every line holding a byte of [p, p + n). */
void cache_writeback(const void *p, size_t n);
/* Returns once every write-back started before it is done and no later store passed it. */
void cache_writeback_fence(void);
/* "clflushopt", "clflush" or "none", for the log. */
const char *cache_writeback_how(void);

#endif
