/* SPDX-License-Identifier: MIT */
/* What both loader formats fill in: the ranges of memory the loader handed over. */
#include "bootinfo.h"

#include "../lib/string.h"

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

void bootinfo_module(struct bootinfo *bi, uint64_t start, uint64_t end, const char *string,
		     size_t len)
{
	struct boot_module *m;

	bootinfo_keep(bi, start, end - start, "module");
	if (bi->nmods >= BOOTINFO_MODS_MAX) {
		bi->mods_dropped++;
		return;
	}
	m = &bi->mods[bi->nmods++];
	m->start = start;
	m->end = end;
	if (len >= sizeof(m->string))
		len = sizeof(m->string) - 1;
	memcpy(m->string, string, len);
	m->string[len] = '\0';
}
