/* SPDX-License-Identifier: MIT */
/* The multiboot2 information block (GRUB, BIOS and UEFI): a list of 8-byte aligned tags. */
#include "../lib/string.h"
#include "loader.h"

enum {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_MEMINFO = 4,
	MB2_TAG_BOOTDEV = 5,
	MB2_TAG_MMAP = 6,
	MB2_TAG_FRAMEBUFFER = 8,
	MB2_TAG_EFI32 = 11,
	MB2_TAG_EFI64 = 12,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
	MB2_TAG_EFI_MMAP = 17,
	MB2_TAG_EFI_BS = 18,
	MB2_TAG_EFI32_IH = 19,
	MB2_TAG_EFI64_IH = 20,
};

/* Copies a string that must end inside its tag; a missing NUL is named, not overrun. */
static void tag_string(const uint8_t *s, uint32_t len, char *dst, size_t size, const char *what,
		       struct bootinfo *bi)
{
	uint32_t n = 0;

	while (n < len && s[n])
		n++;
	if (n == len)
		diag_add(&bi->problems, "multiboot2 %s tag: string not terminated inside the tag",
			 what);
	if (n >= size) {
		diag_add(&bi->problems, "multiboot2 %s tag: %u bytes, kept the first %zu", what, n,
			 size - 1);
		n = (uint32_t)size - 1;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static void tag_mmap(const uint8_t *t, uint32_t size, struct bootinfo *bi)
{
	uint32_t esize = get32(t + 8);

	if (esize < 24 || esize % 8) {
		diag_add(&bi->problems,
			 "multiboot2 mmap tag: entry size %u (needs >= 24, 8-aligned)", esize);
		return;
	}
	for (uint32_t off = 16; off + esize <= size; off += esize) {
		const uint8_t *e = t + off;

		if (bi->nmmap >= BOOTINFO_MMAP_MAX) {
			bi->mmap_dropped++;
			continue;
		}
		bi->mmap[bi->nmmap].base = get64(e);
		bi->mmap[bi->nmmap].len = get64(e + 8);
		bi->mmap[bi->nmmap].type = get32(e + 16);
		bi->nmmap++;
	}
}

/* The smallest size each tag we read must have for its fields to be inside it. */
static uint32_t tag_min_size(uint32_t type)
{
	switch (type) {
	case MB2_TAG_MEMINFO:
	case MB2_TAG_MODULE:
	case MB2_TAG_EFI64:
	case MB2_TAG_EFI64_IH:
		return 16;
	case MB2_TAG_BOOTDEV:
		return 20;
	case MB2_TAG_MMAP:
		return 16;
	case MB2_TAG_FRAMEBUFFER:
		return 30;
	case MB2_TAG_ACPI_OLD:
		return 8 + 20;
	case MB2_TAG_ACPI_NEW:
		return 8 + 36;
	default:
		return 8;
	}
}

static void tag_read(const uint8_t *t, uint32_t type, uint32_t size, struct bootinfo *bi)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
		tag_string(t + 8, size - 8, bi->cmdline, sizeof(bi->cmdline), "cmdline", bi);
		break;
	case MB2_TAG_LOADER:
		tag_string(t + 8, size - 8, bi->loader, sizeof(bi->loader), "loader name", bi);
		break;
	case MB2_TAG_MODULE: {
		/* The user's own table (module2, docs/hardware.md); the image's grub.cfg loads
		 * none. */
		char str[BOOTINFO_MODARG_MAX];

		if (get32(t + 12) < get32(t + 8)) {
			diag_add(&bi->problems, "multiboot2 module tag: ends before it starts");
			bi->keep_dropped++;
			break;
		}
		tag_string(t + 16, size - 16, str, sizeof(str), "module", bi);
		bootinfo_module(bi, get32(t + 8), get32(t + 12), str, strlen(str));
		break;
	}
	case MB2_TAG_MEMINFO:
		bi->has_meminfo = 1;
		bi->mem_lower_kb = get32(t + 8);
		bi->mem_upper_kb = get32(t + 12);
		break;
	case MB2_TAG_MMAP:
		tag_mmap(t, size, bi);
		break;
	case MB2_TAG_FRAMEBUFFER:
		bi->fb_addr = get64(t + 8);
		bi->fb_pitch = get32(t + 16);
		bi->fb_width = get32(t + 20);
		bi->fb_height = get32(t + 24);
		bi->fb_bpp = t[28];
		bi->fb_type = t[29];
		/* RGB: the six field bytes follow a 16-bit reserved word. */
		if (bi->fb_type == FB_RGB && size >= 38)
			memcpy(bi->fb_rgb, t + 32, sizeof(bi->fb_rgb));
		else if (bi->fb_type == FB_RGB)
			diag_add(
				&bi->problems,
				"multiboot2 framebuffer tag: RGB, but size %u has no colour fields",
				size);
		break;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		/* The 2.0 copy wins over the 1.0 one: it carries the XSDT. */
		if (bi->rsdp_tag != MB2_TAG_ACPI_NEW) {
			memcpy(bi->rsdp, t + 8, type == MB2_TAG_ACPI_NEW ? 36 : 20);
			bi->rsdp_tag = (int)type;
		}
		break;
	case MB2_TAG_BOOTDEV:
		bi->has_bootdev = 1;
		bi->bootdev = get32(t + 8);
		break;
	case MB2_TAG_EFI64:
		bi->efi_st = get64(t + 8);
		bi->efi = 1;
		break;
	case MB2_TAG_EFI64_IH:
		bi->efi_ih = get64(t + 8);
		bi->efi = 1;
		break;
	case MB2_TAG_EFI_BS:
		bi->efi_bs = 1;
		bi->efi = 1;
		break;
	case MB2_TAG_EFI32:
	case MB2_TAG_EFI_MMAP:
	case MB2_TAG_EFI32_IH:
		bi->efi = 1;
		break;
	default:
		break;
	}
}

int mb2_parse(uint64_t info, const struct physmap *pm, struct bootinfo *bi)
{
	const uint8_t *hdr = phys(pm, info, 8), *b;
	uint32_t total, off;

	if (!hdr) {
		diag_add(&bi->problems, "multiboot2 info at %#llx is not in memory",
			 (unsigned long long)info);
		return -1;
	}
	total = get32(hdr);
	if (total < 16 || total > MB2_INFO_MAX || !(b = phys(pm, info, total))) {
		diag_add(&bi->problems, "multiboot2 info total_size %u is not believable (16..%u)",
			 total, MB2_INFO_MAX);
		return -1;
	}
	bootinfo_keep(bi, info, total, "boot-info");
	for (off = 8; off + 8 <= total; off = (off + get32(b + off + 4) + 7) & ~7u) {
		uint32_t type = get32(b + off), size = get32(b + off + 4);

		if (type == MB2_TAG_END)
			return 0;
		if (size < 8 || size > total - off) {
			diag_add(&bi->problems,
				 "multiboot2 tag %u at offset %u: size %u runs outside the info "
				 "block "
				 "(%u bytes); stopped reading tags",
				 type, off, size, total);
			return 0;
		}
		if (size < tag_min_size(type)) {
			diag_add(&bi->problems, "multiboot2 tag %u: size %u, needs %u; skipped",
				 type, size, tag_min_size(type));
			continue;
		}
		tag_read(b + off, type, size, bi);
	}
	diag_add(&bi->problems, "multiboot2 info has no end tag within its %u bytes", total);
	return 0;
}
