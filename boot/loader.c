/* SPDX-License-Identifier: MIT */
/* Which loader entered: the magic picks the format (boot/mb1.c, boot/mb2.c). */
#include "../lib/string.h"
#include "loader.h"

int bootinfo_parse(uint32_t magic, uint64_t info, const struct physmap *pm, struct bootinfo *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->fb_type = FB_NONE;
	if (magic == MB2_BOOT_MAGIC) {
		bi->proto = 2;
		return mb2_parse(info, pm, bi);
	}
	if (magic == MB1_BOOT_MAGIC) {
		bi->proto = 1;
		return mb1_parse(info, pm, bi);
	}
	diag_add(&bi->problems, "entered with magic %#x, neither multiboot1 nor multiboot2", magic);
	return -1;
}
