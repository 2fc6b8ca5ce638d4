/* SPDX-License-Identifier: MIT */
/*
 * A MADT from a loader module (apic/madt_module.c, docs/hardware.md "A MADT from
 * the stick"): multiboot1 modules with their strings, as QEMU -initrd hands them
 * over, each checked as a table; then how two tables' CPUs differ (apic/madt_diff.c).
 */
#include "../../apic/madt_diff.h"
#include "../../apic/madt_module.h"
#include "../../boot/loader.h"
#include "unit.h"

#define INFO 0x9500u
#define MODS 0x9600u
#define STRS 0x9700u
#define DATA 0x200000u

static struct fake_mem mem;
static struct bootinfo bi;
static struct madt_module mm;
static uint8_t *info, *mods, *strs, *data;
static uint32_t data_used;

static void boot_begin(void)
{
	fake_free(&mem);
	fake_init(&mem);
	info = fake_add(&mem, INFO, 116);
	mods = fake_add(&mem, MODS, 4 * 16);
	strs = fake_add(&mem, STRS, 4 * 64);
	data = fake_add(&mem, DATA, 0x10000);
	data_used = 0;
	wr32(info, 1u << 3);
	wr32(info + 24, MODS);
}

/* A table of n CPUs (IDs from ids), signature sig, checksum right unless told otherwise. */
static uint32_t table(const char *sig, const uint8_t *ids, unsigned n, int bad_sum)
{
	uint8_t *t = data + data_used;
	uint32_t len = 44 + 8 * n;

	memcpy(t, sig, 4);
	t[8] = 5;
	wr32(t + 36, 0xfee00000);
	for (unsigned i = 0; i < n; i++) {
		uint8_t *e = t + 44 + 8 * i;

		e[0] = 0;
		e[1] = 8;
		e[2] = (uint8_t)i;
		e[3] = ids[i];
		wr32(e + 4, 1);
	}
	wr32(t + 4, len);
	t[9] = (uint8_t)-checksum8(t, len);
	t[9] += (uint8_t)bad_sum;
	data_used += (len + 15) & ~15u;
	return DATA + (uint32_t)(t - data);
}

/* Module number k: [start, start + size) and its string. */
static void module(unsigned k, uint32_t start, uint32_t size, const char *s)
{
	wr32(mods + 16 * k, start);
	wr32(mods + 16 * k + 4, start + size);
	wr32(mods + 16 * k + 8, STRS + 64 * k);
	memcpy(strs + 64 * k, s, strlen(s) + 1);
	wr32(info + 20, k + 1);
}

static int find(const char *label)
{
	unit_at(label);
	bootinfo_parse(MB1_BOOT_MAGIC, INFO, &mem.pm, &bi);
	return madt_module_find(&bi, &mem.pm, &mm);
}

static void test_modules(void)
{
	static const uint8_t ids[] = { 0, 1, 2, 3 };
	uint32_t good, t;

	boot_begin();
	good = table("APIC", ids, 4, 0);
	module(0, good, 44 + 32, "/tmp/dead-core.aml extra words");
	CHECK(find("one good module") && mm.used == 0 && mm.nrefused == 0 && mm.table.len == 76,
	      "a good table is used", "used=%d refused=%u", mm.used, mm.nrefused);
	CHECK_STR(mm.name, "/tmp/dead-core.aml", "its name is the string's first word");
	CHECK_STR(mm.table.via, "module", "the table came via a module");
	CHECK_STR(bi.mods[0].string, "/tmp/dead-core.aml extra words", "the whole string kept");

	boot_begin();
	t = table("DSDT", ids, 4, 0);
	module(0, t, 76, "dsdt.aml");
	CHECK(!find("signature") && mm.nrefused == 1, "another signature: refused", "refused=%u",
	      mm.nrefused);
	CHECK_STR(mm.refused[0].name, "dsdt.aml", "refused by name");
	CHECK_HAS(mm.refused[0].why, "signature DSDT, not APIC", "the signature named");

	boot_begin();
	t = table("APIC", ids, 4, 1);
	module(0, t, 76, "bad.aml");
	CHECK(!find("checksum") && mm.nrefused == 1, "wrong checksum: refused", "refused=%u",
	      mm.nrefused);
	CHECK_HAS(mm.refused[0].why, "checksum is wrong", "the checksum named");

	boot_begin();
	t = table("APIC", ids, 4, 0);
	module(0, t, 60, "cut.aml");
	CHECK(!find("length") && mm.nrefused == 1, "a table longer than its module: refused",
	      "refused=%u", mm.nrefused);
	CHECK_HAS(mm.refused[0].why, "header length 76", "the length named");

	boot_begin();
	module(0, DATA, 20, "");
	CHECK(!find("short") && mm.nrefused == 1, "20 bytes: refused", "refused=%u", mm.nrefused);
	CHECK_STR(mm.refused[0].name, "module-1", "no string: named by its number");
	CHECK_HAS(mm.refused[0].why, "shorter than an ACPI table header", "the size named");

	/* A bad one, then two good ones: the first good is used, the second refused. */
	boot_begin();
	t = table("APIC", ids, 4, 3);
	module(0, t, 76, "bad.aml");
	good = table("APIC", ids, 2, 0);
	module(1, good, 60, "two.aml");
	t = table("APIC", ids, 3, 0);
	module(2, t, 68 + 100, "three.aml");
	CHECK(find("three") && mm.used == 1 && mm.nrefused == 2 && mm.size == 60,
	      "bad, good, good: the first good is used", "used=%d refused=%u", mm.used,
	      mm.nrefused);
	CHECK_HAS(mm.refused[1].why, "a second MADT: the one from two.aml is used",
		  "the second good one refused");
}

static void test_diff(void)
{
	static const uint8_t fw_ids[] = { 0, 1, 2, 3 }, mod_ids[] = { 2, 0, 1, 0x40 };
	static struct madt_info fw, mod;
	static struct madt_diff df;
	struct diag d = { 0 };
	char side[48];

	boot_begin();
	madt_parse(data + (table("APIC", fw_ids, 4, 0) - DATA), 76, &fw, &d);
	madt_parse(data + (table("APIC", mod_ids, 4, 0) - DATA), 76, &mod, &d);
	madt_diff(&fw, &mod, &df);
	CHECK(df.n == 5 && df.more == 0, "BSP moved, a ghost added, one dropped: 5 changes", "n=%u",
	      df.n);
	CHECK(df.c[0].apic == 2 && df.c[0].kind == MADT_CHG_ORDER, "0x2 first: moved", "%#x %u",
	      df.c[0].apic, df.c[0].kind);
	CHECK(df.c[3].apic == 0x40 && df.c[3].kind == MADT_CHG_ADDED, "0x40: added", "%#x %u",
	      df.c[3].apic, df.c[3].kind);
	CHECK(df.c[4].apic == 3 && df.c[4].kind == MADT_CHG_REMOVED, "0x3: removed", "%#x %u",
	      df.c[4].apic, df.c[4].kind);
	madt_side_text(&df.c[3].mod, side, sizeof(side));
	CHECK_STR(side, "lapic:enabled@3", "a side as the log writes it");
	madt_side_text(&df.c[3].fw, side, sizeof(side));
	CHECK_STR(side, "absent", "an absent side");
}

int main(void)
{
	unit_begin();
	test_modules();
	test_diff();
	fake_free(&mem);
	return unit_done();
}
