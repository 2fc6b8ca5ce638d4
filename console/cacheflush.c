/* SPDX-License-Identifier: MIT */
#include "cacheflush.h"

#include <stdint.h>

#include "../arch/cpu.h"

enum how { HOW_NONE, HOW_CLFLUSH, HOW_CLFLUSHOPT };

static enum how how;
static uintptr_t line = 64;

void cache_writeback_setup(void)
{
	struct cpuid_regs r = cpuid(1, 0);
	uintptr_t size = ((r.ebx >> CPUID_1_EBX_CLFLUSH_SHIFT) & 0xff) * 8;

	how = HOW_NONE;
	if (r.edx & CPUID_1_EDX_CLFSH)
		how = HOW_CLFLUSH;
	if (how && cpuid_max_leaf() >= 7 && (cpuid(7, 0).ebx & CPUID_7_EBX_CLFLUSHOPT))
		how = HOW_CLFLUSHOPT;
	/* A power of two, or the common 64: a line size the loop below can step by. */
	if (size && (size & (size - 1)) == 0)
		line = size;
}

void cache_writeback(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p & ~(line - 1), end = (uintptr_t)p + n;

	if (n == 0 || how == HOW_NONE)
		return;
	for (; a < end; a += line) {
		if (how == HOW_CLFLUSHOPT)
			clflushopt((const void *)a);
		else
			clflush((const void *)a);
	}
}

void cache_writeback_fence(void)
{
	if (how != HOW_NONE)
		sfence();
}

const char *cache_writeback_how(void)
{
	static const char *const names[] = { "none", "clflush", "clflushopt" };

	return names[how];
}
