/* SPDX-License-Identifier: MIT */
/* The multiboot1 information structure (QEMU -kernel, older loaders): flags say what is valid. */
#include "../lib/string.h"
#include "loader.h"

#define MB1_INFO_MEM	 (1u << 0)
#define MB1_INFO_CMDLINE (1u << 2)
#define MB1_INFO_MODS	 (1u << 3)
#define MB1_INFO_MMAP	 (1u << 6)
#define MB1_INFO_LOADER	 (1u << 9)
#define MB1_INFO_FB	 (1u << 12)
/* The info structure up to the framebuffer's colour fields. */
#define MB1_INFO_SIZE 116
#define MB1_MOD_SIZE  16

/* Copies a NUL-terminated string from physical memory, at most size-1 bytes of it. */
static size_t phys_string(const struct physmap *pm, uint32_t addr, char *dst, size_t size,
			  const char *what, struct bootinfo *bi)
{
	size_t n = 0;

	for (; n + 1 < size; n++) {
		const char *c = phys(pm, (uint64_t)addr + n, 1);

		if (!c) {
			diag_add(&bi->problems, "multiboot1 %s at %#x runs out of memory", what,
				 addr);
			break;
		}
		if (!*c)
			break;
		dst[n] = *c;
	}
	dst[n] = '\0';
	/* A string that exactly fills dst is whole if its NUL comes next. */
	if (n + 1 == size && !(phys(pm, (uint64_t)addr + n, 1) &&
			       *(const char *)phys(pm, (uint64_t)addr + n, 1) == '\0'))
		diag_add(&bi->problems, "multiboot1 %s longer than %zu bytes, cut", what, size - 1);
	return n + 1;
}

static void mb1_mmap(const struct physmap *pm, uint32_t len, uint32_t addr, struct bootinfo *bi)
{
	const uint8_t *m = phys(pm, addr, len);

	if (!m) {
		diag_add(&bi->problems, "multiboot1 mmap at %#x, %u bytes, is not in memory", addr,
			 len);
		return;
	}
	bootinfo_keep(bi, addr, len, "boot-info-mmap");
	for (uint32_t off = 0; off + 4 <= len;) {
		uint32_t esize = get32(m + off);

		if (esize < 20 || esize > len - off - 4) {
			diag_add(&bi->problems,
				 "multiboot1 mmap entry at offset %u: size %u does not fit (%u "
				 "bytes)",
				 off, esize, len);
			return;
		}
		if (bi->nmmap < BOOTINFO_MMAP_MAX) {
			bi->mmap[bi->nmmap].base = get64(m + off + 4);
			bi->mmap[bi->nmmap].len = get64(m + off + 12);
			bi->mmap[bi->nmmap].type = get32(m + off + 20);
			bi->nmmap++;
		} else {
			bi->mmap_dropped++;
		}
		off += esize + 4;
	}
}

/* Each module with its string: a MADT may come in one (QEMU -initrd, GRUB module). */
static void mb1_mods(const struct physmap *pm, uint32_t count, uint32_t addr, struct bootinfo *bi)
{
	const uint8_t *m;

	if (count > BOOTINFO_KEEP_MAX) { /* more than bootinfo_keep can hold anyway */
		bi->keep_dropped += count - BOOTINFO_KEEP_MAX;
		count = BOOTINFO_KEEP_MAX;
	}
	bootinfo_keep(bi, addr, (uint64_t)count * MB1_MOD_SIZE, "boot-info-mods");
	for (uint32_t i = 0; i < count; i++) {
		if (!(m = phys(pm, addr + (uint64_t)i * MB1_MOD_SIZE, MB1_MOD_SIZE))) {
			diag_add(&bi->problems, "multiboot1 module list at %#x is not in memory",
				 addr);
			return;
		}
		if (get32(m + 4) < get32(m)) {
			diag_add(&bi->problems, "multiboot1 module %u ends before it starts", i);
			bi->keep_dropped++;
			continue;
		}
		if (get32(m + 8)) {
			char str[BOOTINFO_MODARG_MAX];
			size_t n = phys_string(pm, get32(m + 8), str, sizeof(str), "module string",
					       bi);

			bootinfo_module(bi, get32(m), get32(m + 4), str, n - 1);
			continue;
		}
		bootinfo_module(bi, get32(m), get32(m + 4), "", 0);
	}
}

int mb1_parse(uint64_t info, const struct physmap *pm, struct bootinfo *bi)
{
	const uint8_t *m = phys(pm, info, 110);
	uint32_t flags;

	if (!m && !(m = phys(pm, info, 88))) {
		diag_add(&bi->problems, "multiboot1 info at %#llx is not in memory",
			 (unsigned long long)info);
		return -1;
	}
	flags = get32(m);
	bootinfo_keep(bi, info, MB1_INFO_SIZE, "boot-info");
	if (flags & MB1_INFO_MEM) {
		bi->has_meminfo = 1;
		bi->mem_lower_kb = get32(m + 4);
		bi->mem_upper_kb = get32(m + 8);
	}
	if (flags & MB1_INFO_CMDLINE)
		bootinfo_keep(bi, get32(m + 16),
			      phys_string(pm, get32(m + 16), bi->cmdline, sizeof(bi->cmdline),
					  "cmdline", bi),
			      "boot-info-cmdline");
	if (flags & MB1_INFO_MODS)
		mb1_mods(pm, get32(m + 20), get32(m + 24), bi);
	if (flags & MB1_INFO_MMAP)
		mb1_mmap(pm, get32(m + 44), get32(m + 48), bi);
	if (flags & MB1_INFO_LOADER)
		bootinfo_keep(bi, get32(m + 64),
			      phys_string(pm, get32(m + 64), bi->loader, sizeof(bi->loader),
					  "loader name", bi),
			      "boot-info-loader");
	if (flags & MB1_INFO_FB) {
		if (!phys(pm, info, 110)) {
			diag_add(&bi->problems, "multiboot1 framebuffer fields are not in memory");
		} else {
			bi->fb_addr = get64(m + 88);
			bi->fb_pitch = get32(m + 96);
			bi->fb_width = get32(m + 100);
			bi->fb_height = get32(m + 104);
			bi->fb_bpp = m[108];
			bi->fb_type = m[109];
			if (bi->fb_type == FB_RGB && phys(pm, info, 116))
				memcpy(bi->fb_rgb, m + 110, sizeof(bi->fb_rgb));
		}
	}
	return 0;
}
