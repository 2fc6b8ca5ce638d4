/* SPDX-License-Identifier: MIT */
/*
 * The multiboot2 and multiboot1 info parsers (boot/mb2.c, boot/mb1.c) on
 * blocks built here in fake physical memory. A loader's block is trusted
 * for nothing: every malformed one must end, with a named problem in
 * bi->problems, and without a byte read outside what was mapped (ASan).
 */
#include "../../boot/loader.h"
#include "unit.h"

/* Where the fake loader put its info block; any address the parser cannot assume works. */
#define INFO 0x10000u

static struct fake_mem mem;
static struct bootinfo bi;

/* Fresh fake memory: one zeroed region of size bytes at INFO. */
static uint8_t *mem_new(size_t size)
{
	fake_free(&mem);
	fake_init(&mem);
	return fake_add(&mem, INFO, size);
}

static int run(uint32_t magic, uint64_t info, const char *label)
{
	unit_at(label);
	return bootinfo_parse(magic, info, &mem.pm, &bi);
}

/* A multiboot2 block being built: tags start at 8 and are 8-byte aligned. */
struct mb2 {
	uint8_t *p;
	uint32_t off;
};

static uint8_t *tag(struct mb2 *b, uint32_t type, uint32_t size)
{
	uint8_t *t = b->p + b->off;

	wr32(t, type);
	wr32(t + 4, size);
	b->off = (b->off + size + 7) & ~7u;
	return t;
}

static uint8_t *tag_str(struct mb2 *b, uint32_t type, const char *s)
{
	uint8_t *t = tag(b, type, 8 + (uint32_t)strlen(s) + 1);

	memcpy(t + 8, s, strlen(s) + 1);
	return t;
}

/* Ends the block (with an end tag unless told not to) and writes total_size. */
static void finish(struct mb2 *b, int end_tag)
{
	if (end_tag)
		tag(b, 0, 8);
	wr32(b->p, b->off);
}

static void mmap_entry(uint8_t *e, uint64_t base, uint64_t len, uint32_t type)
{
	wr64(e, base);
	wr64(e + 8, len);
	wr32(e + 16, type);
}

static void test_mb2_valid(void)
{
	struct mb2 b = { mem_new(4096), 8 };
	uint8_t *t, rsdp15[36], rsdp14[20];

	for (int i = 0; i < 36; i++)
		rsdp15[i] = (uint8_t)(0x80 + i);
	for (int i = 0; i < 20; i++)
		rsdp14[i] = (uint8_t)(0x40 + i);
	tag_str(&b, 1, "case=probe log=deferred");
	tag_str(&b, 2, "GRUB 2.06"); /* 18 bytes: the next tag starts after padding */
	t = tag(&b, 4, 16);
	wr32(t + 8, 639);
	wr32(t + 12, 523264);
	t = tag(&b, 6, 16 + 3 * 24);
	wr32(t + 8, 24);
	mmap_entry(t + 16, 0, 0x9fc00, MMAP_RAM);
	mmap_entry(t + 40, 0x9fc00, 0x400, MMAP_RESERVED);
	mmap_entry(t + 64, 0x100000, 0x7ee0000, MMAP_RAM);
	t = tag(&b, 8, 38); /* GRUB's size for RGB: 32 + 6 field bytes */
	wr64(t + 8, 0xfd000000);
	wr32(t + 16, 4096);
	wr32(t + 20, 1024);
	wr32(t + 24, 768);
	t[28] = 32;
	t[29] = FB_RGB;
	memcpy(t + 32, (const uint8_t[]){ 16, 8, 8, 8, 0, 8 }, 6);
	memcpy(tag(&b, 15, 8 + 36) + 8, rsdp15, 36);
	memcpy(tag(&b, 14, 8 + 20) + 8, rsdp14, 20);
	wr64(tag(&b, 12, 16) + 8, 0x7fe0000);
	wr64(tag(&b, 20, 16) + 8, 0x7e05d98); /* GRUB's image handle */
	tag(&b, 18, 8);			      /* boot services kept */
	t = tag(&b, 5, 20);		      /* the BIOS boot drive: the whole disk 0x80 */
	wr32(t + 8, 0x80);
	wr32(t + 12, 0xffffffff);
	wr32(t + 16, 0xffffffff);
	tag(&b, 21, 12); /* a type this parser does not read: skipped quietly */
	finish(&b, 1);

	CHECK_INT(run(MB2_BOOT_MAGIC, INFO, "mb2 valid"), 0, "mb2 valid: returns 0");
	CHECK_INT(bi.proto, 2, "mb2 valid: proto 2");
	CHECK_NO_MSG(&bi.problems, "mb2 valid: no problems");
	CHECK_STR(bi.cmdline, "case=probe log=deferred", "mb2 valid: cmdline");
	CHECK_STR(bi.loader, "GRUB 2.06", "mb2 valid: loader name");
	CHECK(bi.has_meminfo && bi.mem_lower_kb == 639 && bi.mem_upper_kb == 523264,
	      "mb2 valid: meminfo", "has=%d lower=%u upper=%u", bi.has_meminfo, bi.mem_lower_kb,
	      bi.mem_upper_kb);
	CHECK_INT(bi.nmmap, 3, "mb2 valid: three mmap entries");
	CHECK(bi.mmap[1].base == 0x9fc00 && bi.mmap[1].len == 0x400 &&
		      bi.mmap[1].type == MMAP_RESERVED && bi.mmap[2].len == 0x7ee0000,
	      "mb2 valid: mmap entries", "[1] base=%#llx len=%#llx type=%u [2] len=%#llx",
	      (unsigned long long)bi.mmap[1].base, (unsigned long long)bi.mmap[1].len,
	      bi.mmap[1].type, (unsigned long long)bi.mmap[2].len);
	CHECK(bi.fb_addr == 0xfd000000 && bi.fb_pitch == 4096 && bi.fb_width == 1024 &&
		      bi.fb_height == 768 && bi.fb_bpp == 32 && bi.fb_type == FB_RGB,
	      "mb2 valid: framebuffer", "addr=%#llx pitch=%u %ux%u bpp=%u type=%d",
	      (unsigned long long)bi.fb_addr, bi.fb_pitch, bi.fb_width, bi.fb_height, bi.fb_bpp,
	      bi.fb_type);
	CHECK(memcmp(bi.fb_rgb, (const uint8_t[]){ 16, 8, 8, 8, 0, 8 }, 6) == 0,
	      "mb2 valid: framebuffer colour fields", "red %u:%u green %u:%u blue %u:%u",
	      bi.fb_rgb[0], bi.fb_rgb[1], bi.fb_rgb[2], bi.fb_rgb[3], bi.fb_rgb[4], bi.fb_rgb[5]);
	CHECK(bi.rsdp_tag == 15 && memcmp(bi.rsdp, rsdp15, 36) == 0,
	      "mb2 valid: tag 15 wins over a later tag 14", "rsdp_tag=%d first byte %#x",
	      bi.rsdp_tag, bi.rsdp[0]);
	CHECK_INT(bi.efi, 1, "mb2 valid: EFI tag seen");
	CHECK(bi.efi_st == 0x7fe0000 && bi.efi_ih == 0x7e05d98 && bi.efi_bs,
	      "mb2 valid: EFI system table, image handle, boot services kept (tags 12, 20, 18)",
	      "st=%#llx ih=%#llx bs=%d", (unsigned long long)bi.efi_st,
	      (unsigned long long)bi.efi_ih, bi.efi_bs);
	CHECK(bi.has_bootdev && bi.bootdev == 0x80, "mb2 valid: BIOS boot drive (tag 5)",
	      "has=%d drive=%#x", bi.has_bootdev, bi.bootdev);

	/* Only tag 14, no framebuffer, no EFI tags. */
	b = (struct mb2){ mem_new(256), 8 };
	memcpy(tag(&b, 14, 8 + 20) + 8, rsdp14, 20);
	finish(&b, 1);
	run(MB2_BOOT_MAGIC, INFO, "mb2 tag 14 only");
	CHECK(bi.rsdp_tag == 14 && memcmp(bi.rsdp, rsdp14, 20) == 0, "mb2: tag 14 alone is kept",
	      "rsdp_tag=%d", bi.rsdp_tag);
	CHECK(bi.efi == 0 && bi.fb_type == FB_NONE && bi.nmmap == 0 && !bi.has_meminfo,
	      "mb2: absent tags leave their fields empty", "efi=%d fb_type=%d nmmap=%u mem=%d",
	      bi.efi, bi.fb_type, bi.nmmap, bi.has_meminfo);

	static const uint32_t efi_tags[] = { 11, 12, 17, 18, 19, 20 };
	for (size_t i = 0; i < sizeof(efi_tags) / sizeof(efi_tags[0]); i++) {
		b = (struct mb2){ mem_new(64), 8 };
		tag(&b, efi_tags[i], 16);
		finish(&b, 1);
		run(MB2_BOOT_MAGIC, INFO, "mb2 EFI tag");
		CHECK(bi.efi == 1 && bi.problems.count == 0,
		      unit_name("mb2: EFI tag %u sets efi", efi_tags[i]), "efi=%d problems=%u",
		      bi.efi, bi.problems.count);
	}

	/* Entries bigger than the 24 bytes known today: read at their own stride. */
	b = (struct mb2){ mem_new(256), 8 };
	t = tag(&b, 6, 16 + 2 * 32 + 10); /* and 10 bytes that make no entry */
	wr32(t + 8, 32);
	mmap_entry(t + 16, 0x1000, 0x2000, MMAP_ACPI);
	mmap_entry(t + 48, 0x3000, 0x4000, MMAP_NVS);
	finish(&b, 1);
	run(MB2_BOOT_MAGIC, INFO, "mb2 mmap stride 32");
	CHECK(bi.nmmap == 2 && bi.mmap[1].base == 0x3000 && bi.mmap[1].type == MMAP_NVS &&
		      bi.problems.count == 0,
	      "mb2 mmap: entry_size 32 read at its stride", "n=%u [1] base=%#llx type=%u", bi.nmmap,
	      (unsigned long long)bi.mmap[1].base, bi.mmap[1].type);

	b = (struct mb2){ mem_new(4096), 8 };
	t = tag(&b, 6, 16 + 130 * 24);
	wr32(t + 8, 24);
	for (int i = 0; i < 130; i++)
		mmap_entry(t + 16 + 24 * i, (uint64_t)i << 20, 1 << 20, MMAP_RAM);
	finish(&b, 1);
	run(MB2_BOOT_MAGIC, INFO, "mb2 mmap 130 entries");
	CHECK(bi.nmmap == BOOTINFO_MMAP_MAX && bi.mmap_dropped == 2 &&
		      bi.mmap[127].base == 127ull << 20,
	      "mb2 mmap: 130 entries, 128 kept, 2 dropped", "n=%u dropped=%u", bi.nmmap,
	      bi.mmap_dropped);
}

static void test_mb2_malformed(void)
{
	uint8_t *m, *t;
	struct mb2 b;

	static const uint32_t totals[] = { 0, 8, 15, 4096, 2u << 20 };
	for (size_t i = 0; i < sizeof(totals) / sizeof(totals[0]); i++) {
		m = mem_new(64);
		wr32(m, totals[i]);
		CHECK_INT(run(MB2_BOOT_MAGIC, INFO, "mb2 total_size"), -1,
			  unit_name("mb2 total_size %u: -1", totals[i]));
		CHECK_MSG(&bi.problems, unit_name("total_size %u", totals[i]),
			  unit_name("mb2 total_size %u: named", totals[i]));
	}

	CHECK_INT(run(MB2_BOOT_MAGIC, 0x500000, "mb2 info not backed"), -1,
		  "mb2 info not in memory: -1");
	CHECK_MSG(&bi.problems, "multiboot2 info at 0x500000 is not in memory",
		  "mb2 info not in memory: named");
	CHECK_INT(run(MB2_BOOT_MAGIC, INFO + 60, "mb2 header across the end"), -1,
		  "mb2 header running out of memory: -1");

	static const uint32_t bad_sizes[] = { 0, 7, 200, 0xffffffffu };
	for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		b = (struct mb2){ mem_new(64), 8 };
		tag_str(&b, 1, "x");
		t = b.p + b.off;
		wr32(t, 4);
		wr32(t + 4, bad_sizes[i]);
		b.off += 8;
		finish(&b, 1);
		run(MB2_BOOT_MAGIC, INFO, "mb2 bad tag size");
		CHECK_MSG(&bi.problems, unit_name("size %u runs outside", bad_sizes[i]),
			  unit_name("mb2 tag size %u: stops, named", bad_sizes[i]));
		CHECK(strcmp(bi.cmdline, "x") == 0 && !bi.has_meminfo,
		      unit_name("mb2 tag size %u: tags before it read, it not", bad_sizes[i]),
		      "cmdline \"%s\" meminfo %d", bi.cmdline, bi.has_meminfo);
	}

	static const uint32_t esizes[] = { 0, 20, 28 };
	for (size_t i = 0; i < sizeof(esizes) / sizeof(esizes[0]); i++) {
		b = (struct mb2){ mem_new(128), 8 };
		t = tag(&b, 6, 16 + 48);
		wr32(t + 8, esizes[i]);
		tag_str(&b, 1, "after");
		finish(&b, 1);
		run(MB2_BOOT_MAGIC, INFO, "mb2 bad mmap entry_size");
		CHECK_MSG(&bi.problems, unit_name("entry size %u", esizes[i]),
			  unit_name("mb2 mmap entry_size %u: named", esizes[i]));
		CHECK(bi.nmmap == 0 && strcmp(bi.cmdline, "after") == 0,
		      unit_name("mb2 mmap entry_size %u: no entries, next tag read", esizes[i]),
		      "nmmap=%u cmdline \"%s\"", bi.nmmap, bi.cmdline);
	}

	b = (struct mb2){ mem_new(64), 8 };
	memcpy(tag(&b, 1, 11) + 8, "abc", 3);
	tag_str(&b, 2, "ldr");
	finish(&b, 1);
	run(MB2_BOOT_MAGIC, INFO, "mb2 cmdline without NUL");
	CHECK_MSG(&bi.problems, "cmdline tag: string not terminated inside the tag",
		  "mb2 cmdline without NUL: named");
	CHECK(strcmp(bi.cmdline, "abc") == 0 && strcmp(bi.loader, "ldr") == 0,
	      "mb2 cmdline without NUL: its bytes kept, next tag read",
	      "cmdline \"%s\" loader \"%s\"", bi.cmdline, bi.loader);

	b = (struct mb2){ mem_new(4096), 8 };
	t = tag(&b, 1, 8 + 3000);
	memset(t + 8, 'a', 2999);
	finish(&b, 1);
	run(MB2_BOOT_MAGIC, INFO, "mb2 long cmdline");
	CHECK_MSG(&bi.problems, "cmdline tag: 2999 bytes, kept the first 2047",
		  "mb2 cmdline over 2047 bytes: named");
	CHECK_INT(strlen(bi.cmdline), BOOTINFO_CMDLINE_MAX - 1, "mb2 cmdline over 2047: cut");

	b = (struct mb2){ mem_new(64), 8 };
	tag_str(&b, 1, "no end");
	finish(&b, 0);
	CHECK_INT(run(MB2_BOOT_MAGIC, INFO, "mb2 no end tag"), 0, "mb2 no end tag: returns 0");
	CHECK_MSG(&bi.problems, "no end tag within its 24 bytes", "mb2 no end tag: named");
	CHECK_STR(bi.cmdline, "no end", "mb2 no end tag: tags read");

	/* Each tag one byte (or more) short of its fields: skipped, named, and the walk goes on. */
	b = (struct mb2){ mem_new(256), 8 };
	wr32(tag(&b, 4, 12) + 8, 639);
	wr32(tag(&b, 6, 12) + 8, 24);
	wr64(tag(&b, 8, 29) + 8, 0xfd000000);
	tag(&b, 14, 27);
	tag(&b, 15, 43);
	finish(&b, 1);
	run(MB2_BOOT_MAGIC, INFO, "mb2 short tags");
	CHECK_INT(bi.problems.count, 5, "mb2 short tags: five problems");
	CHECK_MSG(&bi.problems, "tag 4: size 12, needs 16; skipped", "mb2 short meminfo: named");
	CHECK_MSG(&bi.problems, "tag 6: size 12, needs 16", "mb2 short mmap: named");
	CHECK_MSG(&bi.problems, "tag 8: size 29, needs 30", "mb2 short framebuffer: named");
	CHECK_MSG(&bi.problems, "tag 14: size 27, needs 28", "mb2 short ACPI 1.0 tag: named");
	CHECK_MSG(&bi.problems, "tag 15: size 43, needs 44", "mb2 short ACPI 2.0 tag: named");
	CHECK(!bi.has_meminfo && bi.fb_type == FB_NONE && bi.rsdp_tag == 0,
	      "mb2 short tags: nothing read from them", "mem=%d fb_type=%d rsdp_tag=%d",
	      bi.has_meminfo, bi.fb_type, bi.rsdp_tag);

	/* An RGB framebuffer tag that ends before its colour fields: the mode is kept, named. */
	b = (struct mb2){ mem_new(256), 8 };
	t = tag(&b, 8, 32);
	t[28] = 32;
	t[29] = FB_RGB;
	finish(&b, 1);
	run(MB2_BOOT_MAGIC, INFO, "mb2 RGB without fields");
	CHECK_MSG(&bi.problems, "RGB, but size 32 has no colour fields",
		  "mb2 RGB framebuffer tag without colour fields: named");
	CHECK(bi.fb_type == FB_RGB && bi.fb_rgb[1] == 0, "mb2 RGB without fields: no field read",
	      "fb_type=%d red size %u", bi.fb_type, bi.fb_rgb[1]);

	b = (struct mb2){ mem_new(512), 8 };
	for (int i = 0; i < 14; i++)
		tag(&b, 4, 8);
	finish(&b, 1);
	run(MB2_BOOT_MAGIC, INFO, "mb2 14 problems");
	CHECK(bi.problems.count == DIAG_MAX && bi.problems.dropped == 2,
	      "mb2: 14 problems, 12 kept, 2 counted as dropped", "count=%u dropped=%u",
	      bi.problems.count, bi.problems.dropped);

	mem_new(64);
	CHECK_INT(run(0x12345678, INFO, "bad magic"), -1, "bad magic: -1");
	CHECK(bi.proto == 0, "bad magic: proto 0", "proto=%d", bi.proto);
	CHECK_MSG(&bi.problems, "magic 0x12345678", "bad magic: named");
}

/* multiboot1 info flags and field offsets (Multiboot 0.6.96, section 3.3). */
enum { F_MEM = 1 << 0, F_CMDLINE = 1 << 2, F_MMAP = 1 << 6, F_LOADER = 1 << 9, F_FB = 1 << 12 };

static uint8_t *mb1_new(size_t size, uint32_t flags)
{
	uint8_t *m = mem_new(size);

	wr32(m, flags);
	return m;
}

static void mb1_mmap(uint8_t *m, uint32_t off, uint32_t len)
{
	wr32(m + 44, len);
	wr32(m + 48, INFO + off);
}

static void test_mb1(void)
{
	uint8_t *m;

	mb1_new(256, 0);
	CHECK_INT(run(MB1_BOOT_MAGIC, INFO, "mb1 flags 0"), 0, "mb1 flags 0: returns 0");
	CHECK(bi.proto == 1 && !bi.has_meminfo && !bi.cmdline[0] && !bi.nmmap && !bi.loader[0] &&
		      bi.fb_type == FB_NONE && bi.problems.count == 0,
	      "mb1 flags 0: nothing read", "proto=%d mem=%d cmdline \"%s\" n=%u fb=%d problems=%u",
	      bi.proto, bi.has_meminfo, bi.cmdline, bi.nmmap, bi.fb_type, bi.problems.count);

	m = mb1_new(4096, F_MEM | F_CMDLINE | F_MMAP | F_LOADER | F_FB);
	wr32(m + 4, 639);
	wr32(m + 8, 130048);
	wr32(m + 16, INFO + 0x200);
	strcpy((char *)m + 0x200, "case=probe");
	wr32(m + 64, INFO + 0x300);
	strcpy((char *)m + 0x300, "qemu");
	mb1_mmap(m, 0x400, 48);
	wr32(m + 0x400, 20);
	mmap_entry(m + 0x404, 0, 0x9fc00, MMAP_RAM);
	wr32(m + 0x418, 20);
	mmap_entry(m + 0x41c, 0xf0000, 0x10000, MMAP_RESERVED);
	wr64(m + 88, 0xb8000);
	wr32(m + 96, 160);
	wr32(m + 100, 80);
	wr32(m + 104, 25);
	m[108] = 16;
	m[109] = FB_EGA_TEXT;
	CHECK_INT(run(MB1_BOOT_MAGIC, INFO, "mb1 all flags"), 0, "mb1 all flags: returns 0");
	CHECK_NO_MSG(&bi.problems, "mb1 all flags: no problems");
	CHECK(bi.has_meminfo && bi.mem_lower_kb == 639 && bi.mem_upper_kb == 130048,
	      "mb1 all flags: meminfo", "mem=%d %u %u", bi.has_meminfo, bi.mem_lower_kb,
	      bi.mem_upper_kb);
	CHECK_STR(bi.cmdline, "case=probe", "mb1 all flags: cmdline");
	CHECK_STR(bi.loader, "qemu", "mb1 all flags: loader name");
	CHECK(bi.nmmap == 2 && bi.mmap[1].base == 0xf0000 && bi.mmap[1].len == 0x10000 &&
		      bi.mmap[1].type == MMAP_RESERVED,
	      "mb1 all flags: mmap", "n=%u [1] %#llx %#llx %u", bi.nmmap,
	      (unsigned long long)bi.mmap[1].base, (unsigned long long)bi.mmap[1].len,
	      bi.mmap[1].type);
	CHECK(bi.fb_addr == 0xb8000 && bi.fb_width == 80 && bi.fb_height == 25 &&
		      bi.fb_pitch == 160 && bi.fb_bpp == 16 && bi.fb_type == FB_EGA_TEXT,
	      "mb1 all flags: framebuffer", "addr=%#llx %ux%u type=%d",
	      (unsigned long long)bi.fb_addr, bi.fb_width, bi.fb_height, bi.fb_type);

	/* Same memory, only MEM set: what the flags do not vouch for is not read. */
	wr32(m, F_MEM);
	run(MB1_BOOT_MAGIC, INFO, "mb1 mem only");
	CHECK(bi.has_meminfo && !bi.cmdline[0] && !bi.loader[0] && !bi.nmmap &&
		      bi.fb_type == FB_NONE,
	      "mb1 MEM only: other fields ignored", "cmdline \"%s\" loader \"%s\" n=%u fb=%d",
	      bi.cmdline, bi.loader, bi.nmmap, bi.fb_type);
	wr32(m, F_CMDLINE | F_LOADER);
	run(MB1_BOOT_MAGIC, INFO, "mb1 cmdline+loader");
	CHECK(!bi.has_meminfo && !strcmp(bi.cmdline, "case=probe") && !strcmp(bi.loader, "qemu"),
	      "mb1 CMDLINE|LOADER: those two only", "mem=%d cmdline \"%s\" loader \"%s\"",
	      bi.has_meminfo, bi.cmdline, bi.loader);

	m = mb1_new(256, F_CMDLINE);
	wr32(m + 16, 0x500000);
	CHECK_INT(run(MB1_BOOT_MAGIC, INFO, "mb1 cmdline outside"), 0, "mb1 cmdline outside: 0");
	CHECK_MSG(&bi.problems, "cmdline at 0x500000 runs out of memory",
		  "mb1 cmdline outside memory: named");
	CHECK_STR(bi.cmdline, "", "mb1 cmdline outside memory: empty");

	m = mb1_new(256, F_CMDLINE);
	wr32(m + 16, INFO + 252);
	memcpy(m + 252, "abcd", 4);
	run(MB1_BOOT_MAGIC, INFO, "mb1 cmdline at the end");
	CHECK_MSG(&bi.problems, "runs out of memory", "mb1 string without NUL: named");
	CHECK_STR(bi.cmdline, "abcd", "mb1 string without NUL: bytes up to the end kept");

	m = mb1_new(4096, F_CMDLINE);
	wr32(m + 16, INFO + 0x200);
	memset(m + 0x200, 'a', 3000);
	run(MB1_BOOT_MAGIC, INFO, "mb1 long cmdline");
	CHECK_MSG(&bi.problems, "cmdline longer than 2047 bytes, cut", "mb1 long cmdline: named");
	CHECK_INT(strlen(bi.cmdline), 2047, "mb1 long cmdline: cut to 2047");

	/* A name that exactly fills bi->loader (95 bytes and its NUL) fits: nothing was cut. */
	m = mb1_new(256, F_LOADER);
	wr32(m + 64, INFO + 128);
	memset(m + 128, 'L', 95);
	run(MB1_BOOT_MAGIC, INFO, "mb1 loader 95");
	CHECK_INT(strlen(bi.loader), 95, "mb1 loader name of 95 bytes: kept whole");
	CHECK_NO_MSG(&bi.problems, "mb1 loader name of 95 bytes: not reported as cut");

	m = mb1_new(256, F_MMAP);
	mb1_mmap(m, 128, 48);
	wr32(m + 128, 20);
	mmap_entry(m + 132, 0x1000, 0x1000, MMAP_RAM);
	wr32(m + 152, 0);
	run(MB1_BOOT_MAGIC, INFO, "mb1 mmap size 0");
	CHECK_MSG(&bi.problems, "entry at offset 24: size 0 does not fit",
		  "mb1 mmap entry size 0: named");
	CHECK_INT(bi.nmmap, 1, "mb1 mmap entry size 0: the entry before it kept");

	m = mb1_new(256, F_MMAP);
	mb1_mmap(m, 128, 44);
	wr32(m + 128, 20);
	wr32(m + 152, 20); /* 20 bytes of it left, not 24 */
	run(MB1_BOOT_MAGIC, INFO, "mb1 mmap past the end");
	CHECK_MSG(&bi.problems, "entry at offset 24: size 20 does not fit (44 bytes)",
		  "mb1 mmap entry past the end: named");
	CHECK_INT(bi.nmmap, 1, "mb1 mmap entry past the end: not read");

	m = mb1_new(256, F_MMAP);
	mb1_mmap(m, 128, 56);
	wr32(m + 128, 24);
	mmap_entry(m + 132, 0x1000, 0x2000, MMAP_RAM);
	wr32(m + 156, 24);
	mmap_entry(m + 160, 0x5000, 0x6000, MMAP_BAD);
	run(MB1_BOOT_MAGIC, INFO, "mb1 mmap size 24");
	CHECK(bi.nmmap == 2 && bi.mmap[1].base == 0x5000 && bi.mmap[1].type == MMAP_BAD &&
		      bi.problems.count == 0,
	      "mb1 mmap entry size 24: read at its stride", "n=%u [1] %#llx type %u problems=%u",
	      bi.nmmap, (unsigned long long)bi.mmap[1].base, bi.mmap[1].type, bi.problems.count);

	m = mb1_new(256, F_MMAP);
	wr32(m + 44, 48);
	wr32(m + 48, 0x700000);
	run(MB1_BOOT_MAGIC, INFO, "mb1 mmap outside");
	CHECK_MSG(&bi.problems, "mmap at 0x700000, 48 bytes, is not in memory",
		  "mb1 mmap outside memory: named");

	m = mb1_new(4096, F_MMAP);
	mb1_mmap(m, 256, 130 * 24);
	for (int i = 0; i < 130; i++)
		wr32(m + 256 + 24 * i, 20);
	run(MB1_BOOT_MAGIC, INFO, "mb1 mmap 130");
	CHECK(bi.nmmap == BOOTINFO_MMAP_MAX && bi.mmap_dropped == 2,
	      "mb1 mmap: 130 entries, 128 kept, 2 dropped", "n=%u dropped=%u", bi.nmmap,
	      bi.mmap_dropped);

	/* Only the 88 bytes before the framebuffer fields are backed. */
	m = mb1_new(88, F_MEM | F_FB);
	wr32(m + 4, 639);
	CHECK_INT(run(MB1_BOOT_MAGIC, INFO, "mb1 88 bytes"), 0, "mb1 info of 88 bytes: read");
	CHECK_MSG(&bi.problems, "framebuffer fields are not in memory",
		  "mb1 framebuffer fields outside memory: named");
	CHECK(bi.mem_lower_kb == 639 && bi.fb_type == FB_NONE, "mb1 88 bytes: the rest read",
	      "lower=%u fb_type=%d", bi.mem_lower_kb, bi.fb_type);

	mb1_new(40, F_MEM);
	CHECK_INT(run(MB1_BOOT_MAGIC, INFO, "mb1 40 bytes"), -1, "mb1 info of 40 bytes: -1");
	CHECK_MSG(&bi.problems, "multiboot1 info at 0x10000 is not in memory",
		  "mb1 info not in memory: named");
}

int main(void)
{
	unit_begin();
	test_mb2_valid();
	test_mb2_malformed();
	test_mb1();
	fake_free(&mem);
	return unit_done();
}
