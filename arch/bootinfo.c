/* SPDX-License-Identifier: MIT */
/* What both loader formats fill in: the ranges of memory the loader handed over. */
#include "bootinfo.h"

void bootinfo_keep(struct bootinfo *bi, uint64_t base, uint64_t len, const char *what)
{
	if (len == 0)
		return;
	if (bi->nkeep >= BOOTINFO_KEEP_MAX || base + len < base) {
		bi->keep_dropped++;
		return;
	}
	bi->keep[bi->nkeep++] = (struct loader_range){ base, base + len, what };
}
