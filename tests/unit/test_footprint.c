/* SPDX-License-Identifier: MIT */
/*
 * The footprint check and the placement of the large buffers
 * (boot/footprint.c, boot/footprint_regions.c) on real memory maps: OVMF's
 * under GRUB-EFI, with its ACPI NVS at 0x800000-0x808000 and
 * 0x810000-0x900000 (docs/layout.md, "Memory"), SeaBIOS's, qboot's under
 * QEMU -kernel and Bochs's, each as the image logged it (ev=memmap). The
 * loader's info block is built in fake memory and parsed, so the ranges it
 * hands over come from boot/mb1.c and boot/mb2.c as in the image.
 */
#include "../../boot/footprint.h"
#include "../../boot/loader.h"
#include "../../console/lastlog.h"
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
	return footprint_image_plan(&fp, l, &bi, lastlog);
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
}

static void test_ovmf(void)
{
	unsigned bad;

	mb2_boot(0x6f000, ovmf, N(ovmf), 0, 0);
	CHECK_INT(bi.nmmap, N(ovmf), "ovmf: GRUB's map parsed");
	bad = plan(&now, "ovmf");
	CHECK_INT(bad, 0, "ovmf: every region fits");
	CHECK_UINT(R("ap-stacks")->start, 0x900000, "ovmf: AP stacks right after the NVS holes");
	CHECK_UINT(R("ring")->start, 0x21d000, "ovmf: ring right after the image, below the NVS");
	CHECK_UINT(R("trampoline")->start, 0x8000, "ovmf: trampoline at 0x8000");
	CHECK_INT(R("lastlog")->how, FP_FIXED, "ovmf: lastlog slots in RAM");
	CHECK(R("boot-info")->start == 0x6f000 && R("boot-info")->how == FP_LOADER,
	      "ovmf: the info block is the loader's", "start=%#llx how=%d",
	      (unsigned long long)R("boot-info")->start, R("boot-info")->how);
	check_all_in_ram("ovmf");

	/* The image as it was: its .bss ran over both NVS ranges. */
	bad = plan(&old, "ovmf old");
	CHECK(bad >= 1 && !R("bss")->ok, "ovmf, old image: its bss is refused", "bad=%u ok=%d", bad,
	      R("bss")->ok);
	CHECK(R("bss")->map_type == MMAP_NVS && R("bss")->map_base == 0x800000 &&
		      R("bss")->map_end == 0x808000,
	      "ovmf, old image: names the NVS entry at 0x800000", "type=%u %#llx-%#llx",
	      R("bss")->map_type, (unsigned long long)R("bss")->map_base,
	      (unsigned long long)R("bss")->map_end);
	CHECK_STR(footprint_map_name(R("bss")->map_type), "nvs", "ovmf, old image: map=nvs");
	CHECK_HAS(R("bss")->why, "not RAM", "ovmf, old image: says why");
	CHECK(R("code")->ok && R("data")->ok, "ovmf, old image: code and data are fine", "%d %d",
	      R("code")->ok, R("data")->ok);
}

static void test_other_firmware(void)
{
	mb2_boot(0x10000, seabios, N(seabios), 0, 0);
	CHECK_INT(plan(&now, "seabios"), 0, "seabios: every region fits");
	CHECK_UINT(R("ap-stacks")->start, 0x21d000, "seabios: AP stacks right after the image");
	CHECK_UINT(R("ring")->start, 0xa1d000, "seabios: ring after the stacks");
	check_all_in_ram("seabios");

	mb2_boot(0x10000, bochs, N(bochs), 0, 0);
	CHECK_INT(plan(&now, "bochs"), 0, "bochs: every region fits");
	check_all_in_ram("bochs");

	mb1_qemu();
	CHECK_INT(bi.nkeep, 4, "qboot: info, cmdline, map and loader name kept");
	CHECK_INT(plan(&now, "qboot"), 0, "qboot: every region fits");
	/* QEMU's map and info sit at 0x9000-0x9574: the trampoline moves above them. */
	CHECK_UINT(R("trampoline")->start, 0xa000, "qboot: trampoline clear of QEMU's info");
	CHECK_UINT(R("ap-stacks")->start, 0x21e000, "qboot: AP stacks clear of the command line");
	check_all_in_ram("qboot");
}

static void test_refusals(void)
{
	/* 8 MiB and no map, only meminfo: the ring fits, 8 MiB of stacks cannot. */
	memset(&bi, 0, sizeof(bi));
	bi.has_meminfo = 1;
	bi.mem_lower_kb = 639;
	bi.mem_upper_kb = 7 << 10;
	CHECK_INT(plan(&now, "8 MiB"), 1, "8 MiB: one region does not fit");
	CHECK(!R("ap-stacks")->ok && R("ap-stacks")->map_base == 0x100000 &&
		      R("ap-stacks")->map_end == 0x800000,
	      "8 MiB: AP stacks refused, naming the largest RAM entry", "ok=%d %#llx-%#llx",
	      R("ap-stacks")->ok, (unsigned long long)R("ap-stacks")->map_base,
	      (unsigned long long)R("ap-stacks")->map_end);
	CHECK(R("ring")->ok && R("lastlog")->how == FP_OFF, "8 MiB: ring placed, lastlog off",
	      "ring ok=%d lastlog how=%d", R("ring")->ok, R("lastlog")->how);

	/* A map with a hole under the image. */
	set_map((const struct mmap_entry[]){ E(0, 0x9fc00, 1), E(0x200000, 0x10000000, 1) }, 2);
	plan(&now, "hole");
	CHECK(!R("code")->ok && R("code")->map_type == 0 && R("code")->map_base == 0x100000 &&
		      R("code")->map_end == 0x200000,
	      "hole under the image: code refused, the hole named", "ok=%d type=%u %#llx-%#llx",
	      R("code")->ok, R("code")->map_type, (unsigned long long)R("code")->map_base,
	      (unsigned long long)R("code")->map_end);

	/* More loader ranges than can be kept out of: 20 multiboot1 modules. */
	{
		uint8_t *info, *mods;

		fake_free(&mem);
		fake_init(&mem);
		info = fake_add(&mem, 0x9500, 116);
		mods = fake_add(&mem, 0x9600, 20 * 16);
		wr32(info, 1u << 0 | 1u << 3);
		wr32(info + 4, 639);
		wr32(info + 8, 127 << 10);
		wr32(info + 20, 20);
		wr32(info + 24, 0x9600);
		for (uint32_t i = 0; i < 20; i++) {
			wr32(mods + 16 * i, 0x4000000 + i * 0x1000);
			wr32(mods + 16 * i + 4, 0x4000000 + i * 0x1000 + 0x800);
		}
		bootinfo_parse(0x2badb002u, 0x9500, &mem.pm, &bi);
	}
	CHECK(bi.nkeep == BOOTINFO_KEEP_MAX && bi.keep_dropped > 0,
	      "20 modules: the ranges past BOOTINFO_KEEP_MAX counted", "nkeep=%u dropped=%u",
	      bi.nkeep, bi.keep_dropped);
	CHECK_INT(plan(&now, "dropped"), 1, "too many loader ranges: refused");
	CHECK_HAS(R("boot-info-more")->why, "more ranges", "too many loader ranges: says so");
}

static void test_avoidance(void)
{
	/* A module right after the image: the buffers go past it. */
	mb2_boot(0x10000, seabios, N(seabios), 0x21d000, 0x31d000);
	CHECK_INT(plan(&now, "module"), 0, "module: every region fits");
	CHECK_UINT(R("module")->start, 0x21d000, "module: kept from the module tag");
	CHECK_UINT(R("ap-stacks")->start, 0x31d000, "module: AP stacks after the module");
	check_all_in_ram("module");

	/* A multiboot1 module (meminfo only, no map): its list and its bytes are kept out of. */
	{
		uint8_t *info, *mods;

		fake_free(&mem);
		fake_init(&mem);
		info = fake_add(&mem, 0x9500, 116);
		mods = fake_add(&mem, 0x9600, 16);
		wr32(info, 1u << 0 | 1u << 3);
		wr32(info + 4, 639);
		wr32(info + 8, 127 << 10);
		wr32(info + 20, 1);
		wr32(info + 24, 0x9600);
		wr32(mods, 0x21d000);
		wr32(mods + 4, 0x31d000);
		bootinfo_parse(0x2badb002u, 0x9500, &mem.pm, &bi);
	}
	CHECK(bi.nkeep == 3 && R_keep("module", 0x21d000, 0x31d000) &&
		      R_keep("boot-info-mods", 0x9600, 0x9610),
	      "mb1 module: info, list and module kept", "nkeep=%u", bi.nkeep);
	CHECK_INT(plan(&now, "mb1 module"), 0, "mb1 module: every region fits");
	CHECK_UINT(R("ap-stacks")->start, 0x31d000, "mb1 module: AP stacks after the module");
	check_all_in_ram("mb1 module");

	/* A reserved entry inside a RAM entry counts, though RAM covers it too. */
	set_map((const struct mmap_entry[]){ E(0, 0x9fc00, 1), E(0x100000, 0x8000000, 1),
					     E(0x300000, 0x1000, 2) },
		3);
	CHECK_INT(plan(&now, "reserved inside"), 0, "reserved inside RAM: every region fits");
	CHECK_UINT(R("ap-stacks")->start, 0x301000, "reserved inside RAM: AP stacks after it");
	check_all_in_ram("reserved inside");

	/* 0x8000 not free: the trampoline takes the lowest page that is. */
	set_map((const struct mmap_entry[]){ E(0, 0x7000, 1), E(0x7000, 0x2000, 2),
					     E(0x9000, 0x96c00, 1), E(0x100000, 0x8000000, 1) },
		4);
	CHECK_INT(plan(&now, "low"), 0, "0x8000 reserved: every region fits");
	CHECK_UINT(R("trampoline")->start, 0x9000, "0x8000 reserved: trampoline at 0x9000");

	/* RAM ends at 15 MiB: the lastlog slots are left alone, not refused. */
	set_map((const struct mmap_entry[]){ E(0, 0x9fc00, 1), E(0x100000, 0xe00000, 1) }, 2);
	CHECK_INT(plan(&now, "15 MiB"), 0, "15 MiB: every region fits");
	CHECK(R("lastlog")->how == FP_OFF && R("lastlog")->ok, "15 MiB: lastlog off",
	      "how=%d ok=%d", R("lastlog")->how, R("lastlog")->ok);
	check_all_in_ram("15 MiB");
}

/* Where the log's copy goes (console/lastlog.h): the first default place that is free RAM. */
static void test_lastlog_places(void)
{
	mb2_boot(0x10000, seabios, N(seabios), 0, 0);
	plan(&now, "lastlog default");
	CHECK(R("lastlog")->start == 0x2000000 && R("lastlog")->how == FP_FIXED &&
		      R("lastlog")->end == 0x2000000 + LASTLOG_REGION_SIZE,
	      "lastlog: 32 MiB by default", "%#llx how=%d", (unsigned long long)R("lastlog")->start,
	      R("lastlog")->how);
	CHECK(R("lastlog-alt1")->start == 0x4000000 && R("lastlog-alt2")->start == 0x8000000 &&
		      R("lastlog-alt1")->how == FP_FIXED && R("lastlog-alt2")->how == FP_FIXED,
	      "lastlog: 64 and 128 MiB read and marked", "%#llx %#llx",
	      (unsigned long long)R("lastlog-alt1")->start,
	      (unsigned long long)R("lastlog-alt2")->start);
	check_all_in_ram("lastlog default");

	/* A module at 32 MiB: that place gives way, the next one is written. */
	mb2_boot(0x10000, seabios, N(seabios), 0x2000000, 0x2100000);
	CHECK_INT(plan(&now, "lastlog module"), 0, "lastlog, module at 32 MiB: every region fits");
	CHECK_UINT(R("lastlog")->start, 0x4000000, "lastlog, module at 32 MiB: 64 MiB written");
	CHECK(R("lastlog-alt1")->start == 0x2000000 && R("lastlog-alt1")->how == FP_OFF,
	      "lastlog, module at 32 MiB: 32 MiB left alone", "%#llx how=%d",
	      (unsigned long long)R("lastlog-alt1")->start, R("lastlog-alt1")->how);

	/* lastlog=ADDR: that place or none, never a default instead. */
	mb2_boot(0x10000, seabios, N(seabios), 0, 0);
	plan_lastlog(&now, "lastlog=0x10000000", 0x10000000);
	CHECK(R("lastlog")->start == 0x10000000 && R("lastlog")->how == FP_FIXED,
	      "lastlog=0x10000000: written there", "%#llx how=%d",
	      (unsigned long long)R("lastlog")->start, R("lastlog")->how);
	CHECK_UINT(R("lastlog-alt3")->start, 0x8000000,
		   "lastlog=0x10000000: the defaults after it");
	plan_lastlog(&now, "lastlog=0x100000", 0x100000);
	CHECK(R("lastlog")->how == FP_OFF && R("code")->ok && R("lastlog-alt1")->how == FP_FIXED,
	      "lastlog=0x100000, on the image: left alone, the image untouched", "how=%d code=%d",
	      R("lastlog")->how, R("code")->ok);
	plan_lastlog(&now, "lastlog=0x2100000", 0x2100000);
	CHECK(R("lastlog")->how == FP_FIXED && R("lastlog-alt1")->start == 0x4000000 &&
		      footprint_find(&fp, "lastlog-alt3") == NULL,
	      "lastlog=0x2100000: the default it overlaps is dropped", "alt1=%#llx",
	      (unsigned long long)R("lastlog-alt1")->start);
	check_all_in_ram("lastlog=0x2100000");
}

int main(void)
{
	unit_begin();
	test_ovmf();
	test_other_firmware();
	test_refusals();
	test_avoidance();
	test_lastlog_places();
	fake_free(&mem);
	return unit_done();
}
