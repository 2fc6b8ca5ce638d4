/* SPDX-License-Identifier: MIT */
/*
 * What tests/unit/test_footprint.c plans on: real memory maps (OVMF's,
 * SeaBIOS's, qboot's, Bochs's, as the image logged them), two builds of the
 * image, and the loader's info block and the BDA built in fake memory.
 */
#ifndef SMPSCOPE_TESTS_FOOTPRINT_FIXTURE_H
#define SMPSCOPE_TESTS_FOOTPRINT_FIXTURE_H

#include "../../boot/footprint.h"
#include "../../boot/ap_layout.h"
#include "../../boot/loader.h"
#include "../../console/lastlog.h"
#include "../../include/hw/bios.h"
#include "unit.h"

#define E(b, l, t)                                                                                 \
	{                                                                                          \
		(b), (l), (t)                                                                      \
	}

/* QEMU q35, 512 MiB, OVMF, GRUB 2.06 EFI (tests/e2e: iso-ovmf-q35). */
static const struct mmap_entry ovmf[] = {
	E(0x0, 0xa0000, 1),	      E(0x100000, 0x700000, 1),	  E(0x800000, 0x8000, 4),
	E(0x808000, 0x3000, 1),	      E(0x80b000, 0x1000, 4),	  E(0x80c000, 0x4000, 1),
	E(0x810000, 0xf0000, 4),      E(0x900000, 0x1e03f000, 1), E(0x1e93f000, 0xc1000, 2),
	E(0x1ea00000, 0xced000, 1),   E(0x1f6ed000, 0x100000, 2), E(0x1f7ed000, 0x100000, 20),
	E(0x1f8ed000, 0x80000, 2),    E(0x1f96d000, 0x12000, 3),  E(0x1f97f000, 0x80000, 4),
	E(0x1f9ff000, 0x481000, 1),   E(0x1fe80000, 0x20000, 2),  E(0x1fea0000, 0x160000, 4),
	E(0xb0000000, 0x10000000, 2),
};

/* SeaBIOS on q35 under GRUB 2.06 BIOS (iso-seabios-q35). */
static const struct mmap_entry seabios[] = {
	E(0x0, 0x9fc00, 1),	    E(0x9fc00, 0x400, 2),      E(0xf0000, 0x10000, 2),
	E(0x100000, 0x1fedf000, 1), E(0x1ffdf000, 0x21000, 2), E(0xb0000000, 0x10000000, 2),
	E(0xfed1c000, 0x4000, 2),   E(0xfffc0000, 0x40000, 2),
};

/* qboot under QEMU -kernel, multiboot1 (mb1-qboot-smp2). */
static const struct mmap_entry qboot[] = {
	E(0x0, 0x9fc00, 1),	E(0x9fc00, 0x400, 2),	      E(0xd0000, 0x20000, 4),
	E(0xf0000, 0x10000, 2), E(0xb0000000, 0x10000000, 2), E(0x100000, 0x1ff00000, 1),
};

/* Bochs 2.7, 256 MiB, GRUB BIOS (iso-bochs-8cpu). */
static const struct mmap_entry bochs[] = {
	E(0x0, 0x9f000, 1),	   E(0x9f000, 0x1000, 2),    E(0xe8000, 0x18000, 2),
	E(0x100000, 0xfef0000, 1), E(0xfff0000, 0x10000, 3), E(0xfffc0000, 0x40000, 2),
};

/* The image as built now (ev=footprint of the runs above). */
static const struct image_layout now = {
	.load_start = 0x100000,
	.data_start = 0x115dc8,
	.load_end = 0x11daea,
	.bss_end = 0x21d000,
	.page_tables_start = 0x11e000,
	.page_tables_end = 0x128000,
	.boot_stack = 0x20c8b0,
	.boot_stack_top = 0x21c8b0,
};

/* The image before its buffers were placed: 8 MiB of AP stacks and the ring in .bss. */
static const struct image_layout old = {
	.load_start = 0x100000,
	.data_start = 0x1145e0,
	.load_end = 0x11c29a,
	.bss_end = 0xbef000,
	.page_tables_start = 0xbd3000,
	.page_tables_end = 0xbd9000,
	.boot_stack = 0xbdf000,
	.boot_stack_top = 0xbef000,
};

static struct fake_mem mem;
static struct bootinfo bi;
static struct footprint fp;

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A GRUB-style multiboot2 block at addr: a command line and the map, as bootinfo_parse reads. */
static void mb2_boot(uint64_t addr, const struct mmap_entry *map, unsigned n, uint64_t mod_start,
		     uint64_t mod_end)
{
	uint32_t size = 8 + 24 + 16 + 24 * n + 16 + 8 + 8;
	uint8_t *p, *t;

	fake_free(&mem);
	fake_init(&mem);
	p = fake_add(&mem, addr, size);
	t = p + 8;
	wr32(t, 1);
	wr32(t + 4, 8 + 11);
	memcpy(t + 8, "case=probe", 11);
	t += 24;
	wr32(t, 6);
	wr32(t + 4, 16 + 24 * n);
	wr32(t + 8, 24);
	for (unsigned i = 0; i < n; i++) {
		wr64(t + 16 + 24 * i, map[i].base);
		wr64(t + 24 + 24 * i, map[i].len);
		wr32(t + 32 + 24 * i, map[i].type);
	}
	t += 16 + 24 * n;
	if (mod_end) {
		wr32(t, 3);
		wr32(t + 4, 16);
		wr32(t + 8, (uint32_t)mod_start);
		wr32(t + 12, (uint32_t)mod_end);
		t += 16;
	}
	wr32(t, 0);
	wr32(t + 4, 8);
	wr32(p, (uint32_t)(t + 8 - p));
	bootinfo_parse(0x36d76289u, addr, &mem.pm, &bi);
}

/* What QEMU's -kernel hands over: the map at 0x9000, the info at 0x9500, strings past the image. */
static void mb1_qemu(void)
{
	uint8_t *m, *info, *s;

	fake_free(&mem);
	fake_init(&mem);
	m = fake_add(&mem, 0x9000, 24 * N(qboot));
	for (unsigned i = 0; i < N(qboot); i++) {
		wr32(m + 24 * i, 20);
		wr64(m + 24 * i + 4, qboot[i].base);
		wr64(m + 24 * i + 12, qboot[i].len);
		wr32(m + 24 * i + 20, qboot[i].type);
	}
	info = fake_add(&mem, 0x9500, 116);
	s = fake_add(&mem, 0x21d000, 64);
	memcpy(s, "build/smpscope.elf case=probe", 30);
	memcpy(s + 30, "qemu", 5);
	wr32(info, 1u << 2 | 1u << 6 | 1u << 9);
	wr32(info + 16, 0x21d000);
	wr32(info + 44, 24 * N(qboot));
	wr32(info + 48, 0x9000);
	wr32(info + 64, 0x21d000 + 30);
	bootinfo_parse(0x2badb002u, 0x9500, &mem.pm, &bi);
}

/* A BDA in the fake memory: the base memory size in KiB and the EBDA's segment. */
static void bda(uint16_t base_kb, uint16_t ebda_seg)
{
	uint8_t *p = NULL;

	for (unsigned i = 0; i < mem.n; i++)
		if (mem.r[i].base == 0x400)
			p = mem.r[i].mem;
	if (!p)
		p = fake_add(&mem, 0x400, 0x100);

	wr16(p + BDA_BASE_MEMORY_KB - 0x400, base_kb);
	wr16(p + BDA_EBDA_SEGMENT - 0x400, ebda_seg);
}

static void set_map(const struct mmap_entry *map, unsigned n)
{
	memset(&bi, 0, sizeof(bi));
	bi.proto = 2;
	memcpy(bi.mmap, map, n * sizeof(map[0]));
	bi.nmmap = n;
}

/* lastlog: lastlog=ADDR, or 0 for the default places. */
static unsigned plan_lastlog(const struct image_layout *l, const char *label, uint64_t lastlog)
{
	unit_at(label);
	return footprint_image_plan(&fp, l, &bi, &mem.pm, lastlog);
}

static unsigned plan(const struct image_layout *l, const char *label)
{
	return plan_lastlog(l, label, 0);
}

static const struct fp_region *R(const char *name)
{
	const struct fp_region *r = footprint_find(&fp, name);

	if (!r) {
		fprintf(stderr, "no region %s\n", name);
		abort();
	}
	return r;
}

/* bi holds the loader range [base, end) named what. */
static int R_keep(const char *what, uint64_t base, uint64_t end)
{
	for (unsigned i = 0; i < bi.nkeep; i++)
		if (strcmp(bi.keep[i].what, what) == 0 && bi.keep[i].base == base &&
		    bi.keep[i].end == end)
			return 1;
	return 0;
}

/* The map's own verdict on one byte, read apart from the code under test. */
static int byte_is_ram(uint64_t a)
{
	int ram = 0;

	if (!bi.nmmap) /* meminfo: RAM from 0 and from 1 MiB */
		return a < (uint64_t)bi.mem_lower_kb << 10 ||
		       (a >= 0x100000 && a - 0x100000 < (uint64_t)bi.mem_upper_kb << 10);
	for (unsigned i = 0; i < bi.nmmap; i++) {
		const struct mmap_entry *m = &bi.mmap[i];

		if (a >= m->base && a - m->base < m->len) {
			if (m->type != MMAP_RAM)
				return 0;
			ram = 1;
		}
	}
	return ram;
}

/*
 * Every region in use lies in RAM, byte by byte (every 64 bytes and the
 * last), and no placed buffer shares a byte with any other region.
 */
static void check_all_in_ram(const char *label)
{
	const struct fp_region *t;

	for (unsigned i = 0; i < fp.n; i++) {
		const struct fp_region *r = &fp.r[i];
		uint64_t bad = 0;
		int clash = -1;

		if (r->how == FP_OFF || r->start == r->end)
			continue;
		for (uint64_t a = r->start; a < r->end && !bad; a += 64)
			if (!byte_is_ram(a))
				bad = a;
		if (!bad && !byte_is_ram(r->end - 1))
			bad = r->end - 1;
		CHECK(!bad, unit_name("%s: %s in RAM", label, r->name), "%#llx-%#llx: %#llx is not",
		      (unsigned long long)r->start, (unsigned long long)r->end,
		      (unsigned long long)bad);
		if (r->how != FP_PLACED)
			continue;
		for (unsigned j = 0; j < fp.n; j++)
			if (j != i && fp.r[j].how != FP_OFF && fp.r[j].start < r->end &&
			    r->start < fp.r[j].end)
				clash = (int)j;
		CHECK(clash < 0, unit_name("%s: %s overlaps nothing", label, r->name),
		      "overlaps %s", clash < 0 ? "" : fp.r[clash].name);
	}
	t = R("trampoline");
	/* Whole pages above 64 KiB, below the BIOS's area: a SIPI vector of 0x10-0x9F. */
	CHECK(!t->ok || (t->start % 0x1000 == 0 && t->start >= 0x10000 && t->end <= fp.bios_area &&
			 t->start >> 12 < 0xa0),
	      unit_name("%s: trampoline pages between 64 KiB and the BIOS's area", label),
	      "%#llx-%#llx, BIOS area from %#llx", (unsigned long long)t->start,
	      (unsigned long long)t->end, (unsigned long long)fp.bios_area);
}

#endif
