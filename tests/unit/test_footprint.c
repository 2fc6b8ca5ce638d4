/* SPDX-License-Identifier: MIT */
/*
 * The footprint check and the placement of the large buffers
 * (boot/footprint.c, boot/footprint_regions.c) on real memory maps: OVMF's
 * under GRUB-EFI, with its ACPI NVS at 0x800000-0x808000 and
 * 0x810000-0x900000 (docs/layout.md, "Memory"), SeaBIOS's, qboot's under
 * QEMU -kernel and Bochs's, each as the image logged it (ev=memmap). The
 * loader's info block is built in fake memory and parsed, so the ranges it
 * hands over come from boot/mb1.c and boot/mb2.c as in the image; the BDA
 * too, where a test puts one there (the trampoline's ceiling).
 */
#include "footprint_fixture.h"

static void test_ovmf(void)
{
	unsigned bad;

	mb2_boot(0x6f000, ovmf, N(ovmf), 0, 0);
	CHECK_INT(bi.nmmap, N(ovmf), "ovmf: GRUB's map parsed");
	bad = plan(&now, "ovmf");
	CHECK_INT(bad, 0, "ovmf: every region fits");
	CHECK_UINT(R("ap-stacks")->start, 0x900000, "ovmf: AP stacks right after the NVS holes");
	CHECK_UINT(R("ring")->start, 0x21d000, "ovmf: ring right after the image, below the NVS");
	/* No BDA to believe (OVMF keeps none): the BIOS's area from 0x9F000, as Linux takes it. */
	CHECK_UINT(fp.bios_area, 0x9f000, "ovmf: no BDA, the BIOS's area from 0x9F000");
	CHECK_UINT(R("trampoline")->start, 0x96000, "ovmf: trampoline at the top, 0x96000");
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
	bda(639, 0x9fc0);
	CHECK_INT(plan(&now, "seabios"), 0, "seabios: every region fits");
	/* 639 KiB is past 0x9F000, Linux's highest believed start, and the EBDA above it too. */
	CHECK_UINT(fp.bios_area, 0x9f000, "seabios: the BIOS's area from 0x9F000");
	CHECK_UINT(R("trampoline")->start, 0x96000, "seabios: trampoline ends at 0x9F000");
	CHECK_UINT(R("ap-stacks")->start, 0x21d000, "seabios: AP stacks right after the image");
	CHECK_UINT(R("ring")->start, 0xa1d000, "seabios: ring after the stacks");
	check_all_in_ram("seabios");

	mb2_boot(0x10000, bochs, N(bochs), 0, 0);
	CHECK_INT(plan(&now, "bochs"), 0, "bochs: every region fits");
	check_all_in_ram("bochs");

	mb1_qemu();
	CHECK_INT(bi.nkeep, 4, "qboot: info, cmdline, map and loader name kept");
	CHECK_INT(plan(&now, "qboot"), 0, "qboot: every region fits");
	/* QEMU's map and info sit at 0x9000-0x9574, in the first 64 KiB the trampoline keeps off.
	 */
	CHECK_UINT(R("trampoline")->start, 0x96000, "qboot: trampoline at the top, 0x96000");
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

	/* RAM ends at 15 MiB: the lastlog slots are left alone, not refused. */
	set_map((const struct mmap_entry[]){ E(0, 0x9fc00, 1), E(0x100000, 0xe00000, 1) }, 2);
	CHECK_INT(plan(&now, "15 MiB"), 0, "15 MiB: every region fits");
	CHECK(R("lastlog")->how == FP_OFF && R("lastlog")->ok, "15 MiB: lastlog off",
	      "how=%d ok=%d", R("lastlog")->how, R("lastlog")->ok);
	check_all_in_ram("15 MiB");
}

/*
 * The trampoline: the highest free pages below the BIOS's area (the BDA's
 * base memory, lowered to its EBDA, either believed only inside 128
 * KiB-0x9F000) and never in the first 64 KiB, as Linux places its own.
 */
static void test_trampoline(void)
{
	/* The EBDA lower than the base memory size: the ceiling is the EBDA. */
	mb2_boot(0x10000, seabios, N(seabios), 0, 0);
	bda(639, 0x9000);
	CHECK_INT(plan(&now, "ebda low"), 0, "EBDA at 0x90000: every region fits");
	CHECK_UINT(fp.bios_area, 0x90000, "EBDA at 0x90000: the BIOS's area from there");
	CHECK_UINT(R("trampoline")->start, 0x87000, "EBDA at 0x90000: trampoline ends at it");
	check_all_in_ram("ebda low");

	/* Out of 128 KiB-0x9F000 a BDA value is not believed. */
	bda(32, 0x0040);
	plan(&now, "bda bogus");
	CHECK_UINT(fp.bios_area, 0x9f000, "BDA 32 KiB, EBDA at 0x400: not believed, 0x9F000");
	bda(600, 0xa000);
	plan(&now, "ebda above");
	CHECK_UINT(fp.bios_area, 0x96000, "EBDA at 0xA0000: not believed, base memory 600 KiB");
	CHECK_UINT(R("trampoline")->start, 0x8d000, "base memory 600 KiB: trampoline ends at it");
	bda(0, 0); /* none: 0x9F000 from here on */

	/* A reserved page high in low memory: the trampoline goes right below it. */
	set_map((const struct mmap_entry[]){ E(0, 0x98000, 1), E(0x98000, 0x1000, 2),
					     E(0x99000, 0x6c00, 1), E(0x100000, 0x8000000, 1) },
		4);
	CHECK_INT(plan(&now, "low reserved"), 0, "0x98000 reserved: every region fits");
	CHECK_UINT(R("trampoline")->start, 0x8f000, "0x98000 reserved: trampoline below it");
	check_all_in_ram("low reserved");

	/* The loader's info block high in low memory: kept out of, as above the image. */
	mb2_boot(0x97000, seabios, N(seabios), 0, 0);
	CHECK_INT(plan(&now, "info low"), 0, "info at 0x97000: every region fits");
	CHECK_UINT(R("trampoline")->start, 0x8e000, "info at 0x97000: trampoline below it");
	check_all_in_ram("info low");

	/* Low RAM ends at 100 KiB: the trampoline fills 64-100 KiB; a page less, it fits nowhere.
	 */
	set_map((const struct mmap_entry[]){ E(0, 0x19000, 1), E(0x100000, 0x8000000, 1) }, 2);
	CHECK_INT(plan(&now, "low 100k"), 0, "low RAM to 0x19000: every region fits");
	CHECK_UINT(R("trampoline")->start, 0x10000, "low RAM to 0x19000: trampoline at 64 KiB");
	set_map((const struct mmap_entry[]){ E(0, 0x18000, 1), E(0x100000, 0x8000000, 1) }, 2);
	CHECK_INT(plan(&now, "low 96k"), 1, "low RAM to 0x18000: one region does not fit");
	CHECK(!R("trampoline")->ok, "low RAM to 0x18000: trampoline refused, not put below 64 KiB",
	      "ok=%d start=%#llx", R("trampoline")->ok, (unsigned long long)R("trampoline")->start);
	CHECK(R("trampoline")->map_base == 0 && R("trampoline")->map_end == 0x18000 &&
		      R("trampoline")->floor == 0x10000 && R("trampoline")->ceiling == 0x9f000,
	      "low RAM to 0x18000: the refusal names its window and the low RAM entry",
	      "window %#llx-%#llx, entry %#llx-%#llx", (unsigned long long)R("trampoline")->floor,
	      (unsigned long long)R("trampoline")->ceiling,
	      (unsigned long long)R("trampoline")->map_base,
	      (unsigned long long)R("trampoline")->map_end);
	CHECK_UINT(TRAMP_LOW_SIZE, 0x9000, "the trampoline's area is 36 KiB");
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
	fake_init(&mem);
	test_ovmf();
	test_other_firmware();
	test_refusals();
	test_avoidance();
	test_trampoline();
	test_lastlog_places();
	fake_free(&mem);
	return unit_done();
}
