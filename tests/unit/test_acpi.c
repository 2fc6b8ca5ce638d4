/* SPDX-License-Identifier: MIT */
/*
 * Finding the CPUs through ACPI: the RSDP (boot/rsdp.c) from the loader's
 * copy or the BIOS areas, one table through the RSDT or XSDT
 * (apic/acpi.c); the MADT's entries are tests/unit/test_madt.c. The FADT's
 * PM timer is read from real tables (tests/data/fadt/SOURCES.md), then from
 * those broken one field at a time. Firmware tables
 * are built here byte by byte, then broken the ways real ones are; every
 * broken one must be named in the diag and read no byte outside its buffer.
 */
#include "../../apic/acpi.h"
#include "../../apic/madt.h"
#include "unit.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif

/* Where the fake firmware put its tables: high, away from the scanned BIOS areas. */
#define TBL   0x7fe0000u
#define RSDT  (TBL + 0x000)
#define XSDT  (TBL + 0x100)
#define FACP  (TBL + 0x200)
#define MADT  (TBL + 0x400)
#define MADT2 (TBL + 0x800)

static struct fake_mem mem;
static uint8_t *low, *tbl; /* [0, 1 MiB) and [TBL, TBL + 64 KiB) */
static struct diag d;
static struct rsdp r;

static void mem_new(void)
{
	fake_free(&mem);
	fake_init(&mem);
	low = fake_add(&mem, 0, 0x100000);
	tbl = fake_add(&mem, TBL, 0x10000);
	memset(&d, 0, sizeof(d));
}

/* A 36-byte RSDP; both checksums right, the extended one at byte 32. */
static void rsdp_build(uint8_t *p, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	memset(p, 0, 36);
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, "BOCHS ", 6);
	p[15] = rev;
	wr32(p + 16, rsdt);
	wr32(p + 20, 36);
	wr64(p + 24, xsdt);
	p[8] = (uint8_t)-checksum8(p, 20);
	p[32] = (uint8_t)-checksum8(p, 36);
}

/* A table header; sdt_sum() sets the checksum once the body is in. */
static uint8_t *sdt(uint64_t addr, const char *sig, uint32_t len, const char *oem)
{
	uint8_t *p = tbl + (addr - TBL);

	memset(p, 0, 36);
	memcpy(p, sig, 4);
	wr32(p + 4, len);
	p[8] = 3;
	memcpy(p + 10, oem, 6);
	return p;
}

static void sdt_sum(uint8_t *p)
{
	p[9] = 0;
	p[9] = (uint8_t)-checksum8(p, get32(p + 4));
}

static void test_rsdp_check(void)
{
	uint8_t p[36];

	rsdp_build(p, 0, RSDT, 0);
	CHECK(rsdp_check(p, 36, &r, &d) == 0 && r.revision == 0 && r.rsdt == RSDT && !r.xsdt &&
		      memcmp(r.raw, p, 20) == 0 && d.count == 0,
	      "RSDP rev 0 accepted", "rev=%u rsdt=%#x xsdt=%#llx problems=%u", r.revision, r.rsdt,
	      (unsigned long long)r.xsdt, d.count);
	CHECK_INT(rsdp_check(p, 19, &r, &d), -1, "RSDP with 19 bytes available refused");
	p[7] = 'X';
	CHECK(rsdp_check(p, 36, &r, &d) == -1 && d.count == 0,
	      "RSDP bad signature: refused quietly", "problems=%u", d.count);
	rsdp_build(p, 0, RSDT, 0);
	p[10] ^= 1;
	CHECK_INT(rsdp_check(p, 36, &r, &d), -1, "RSDP bad checksum refused");
	CHECK_MSG(&d, "checksum of the first 20 bytes is wrong", "RSDP bad checksum named");

	memset(&d, 0, sizeof(d));
	rsdp_build(p, 2, RSDT, XSDT);
	CHECK(rsdp_check(p, 36, &r, &d) == 0 && r.revision == 2 && r.xsdt == XSDT && d.count == 0 &&
		      memcmp(r.raw, p, 36) == 0,
	      "RSDP rev 2 accepted with its XSDT", "rev=%u xsdt=%#llx problems=%u", r.revision,
	      (unsigned long long)r.xsdt, d.count);
	p[32]++;
	CHECK(rsdp_check(p, 36, &r, &d) == 0 && r.revision == 0 && !r.xsdt && r.rsdt == RSDT,
	      "RSDP rev 2 bad extended checksum: RSDT used", "rev=%u xsdt=%#llx rsdt=%#x",
	      r.revision, (unsigned long long)r.xsdt, r.rsdt);
	CHECK_MSG(&d, "extended checksum is wrong; using the RSDT", "RSDP bad extended sum named");

	static const uint32_t lens[] = { 0x1000, 20, 0 };
	for (size_t i = 0; i < 3; i++) {
		memset(&d, 0, sizeof(d));
		rsdp_build(p, 2, RSDT, XSDT);
		wr32(p + 20, lens[i]);
		CHECK(rsdp_check(p, 36, &r, &d) == 0 && r.revision == 0 && !r.xsdt,
		      unit_name("RSDP rev 2 length %u: RSDT used", lens[i]), "rev=%u xsdt=%#llx",
		      r.revision, (unsigned long long)r.xsdt);
		CHECK_MSG(&d, unit_name("length %u (needs 36..36); using the RSDT", lens[i]),
			  unit_name("RSDP rev 2 length %u: named", lens[i]));
	}
}

static void test_rsdp_find(void)
{
	struct bootinfo *bi = calloc(1, sizeof(*bi));
	uint8_t tmp[36];

	mem_new();
	rsdp_build(bi->rsdp, 2, RSDT, XSDT);
	bi->rsdp_tag = 15;
	CHECK(rsdp_find(bi, &mem.pm, &r, &d) == 0 && !strcmp(r.how, "mb2-tag15") && !r.where &&
		      r.xsdt == XSDT,
	      "RSDP from multiboot2 tag 15", "how=%s where=%#llx", r.how,
	      (unsigned long long)r.where);
	rsdp_build(bi->rsdp, 0, RSDT, 0);
	bi->rsdp_tag = 14;
	CHECK(rsdp_find(bi, &mem.pm, &r, &d) == 0 && !strcmp(r.how, "mb2-tag14") && r.rsdt == RSDT,
	      "RSDP from multiboot2 tag 14", "how=%s rsdt=%#x", r.how, r.rsdt);
	bi->rsdp[8]++;
	CHECK_INT(rsdp_find(bi, &mem.pm, &r, &d), -1, "bad tag copy, empty BIOS areas: -1");
	CHECK_MSG(&d, "(multiboot2 tag 14) is not valid; scanning", "bad tag copy: named");
	CHECK_MSG(&d, "no valid RSDP in the loader's tags, the EBDA or 0xE0000-0xFFFFF",
		  "no RSDP anywhere: named");

	/* The bad tag copy stays: the scan must take over from it. */
	wr16(low + 0x40e, 0x9fc0);
	rsdp_build(low + 0x9fc40, 0, RSDT, 0);
	rsdp_build(low + 0xf5a40, 0, RSDT + 4, 0);
	CHECK(rsdp_find(bi, &mem.pm, &r, &d) == 0 && !strcmp(r.how, "ebda") && r.where == 0x9fc40 &&
		      r.rsdt == RSDT,
	      "RSDP in the EBDA, found before the BIOS area", "how=%s where=%#llx", r.how,
	      (unsigned long long)r.where);
	bi->rsdp_tag = 0;
	memset(low + 0x9fc40, 0, 36);
	CHECK(rsdp_find(bi, &mem.pm, &r, &d) == 0 && !strcmp(r.how, "bios-rom") &&
		      r.where == 0xf5a40 && r.rsdt == RSDT + 4,
	      "RSDP in 0xE0000-0xFFFFF", "how=%s where=%#llx", r.how, (unsigned long long)r.where);

	/* A candidate with a bad sum is named and passed over for a good one further up. */
	memset(&d, 0, sizeof(d));
	rsdp_build(low + 0xe0000, 0, 0x1234, 0);
	low[0xe0000 + 12] ^= 0xff;
	CHECK(rsdp_find(bi, &mem.pm, &r, &d) == 0 && r.where == 0xf5a40,
	      "RSDP decoy with a bad sum passed over", "where=%#llx", (unsigned long long)r.where);
	CHECK_MSG(&d, "checksum of the first 20 bytes", "RSDP decoy named");

	/* Off the 16-byte grid, beyond the EBDA's first KiB, or in an EBDA below 64 KiB. */
	memset(low + 0xf5a40, 0, 36);
	rsdp_build(low + 0xf5a48, 0, RSDT, 0);
	wr16(low + 0x40e, 0x9000);
	rsdp_build(low + 0x90400, 0, RSDT, 0);
	CHECK_INT(rsdp_find(bi, &mem.pm, &r, &d), -1, "RSDP misaligned or past the EBDA KiB: -1");
	wr16(low + 0x40e, 0x0040);
	rsdp_build(low + 0x400, 0, RSDT, 0);
	CHECK_INT(rsdp_find(bi, &mem.pm, &r, &d), -1, "EBDA segment below 0x1000 not scanned");

	/* The last 16-byte slot with room for 20 bytes; 36 would run past 1 MiB. */
	rsdp_build(tmp, 0, RSDT, 0);
	memcpy(low + 0xfffe0, tmp, 20);
	CHECK(rsdp_find(bi, &mem.pm, &r, &d) == 0 && r.where == 0xfffe0,
	      "RSDP at 0xFFFE0, the end of low memory", "where=%#llx", (unsigned long long)r.where);

	fake_free(&mem);
	fake_init(&mem);
	CHECK_INT(rsdp_find(bi, &mem.pm, &r, &d), -1, "no low memory at all: -1, no fault");
	free(bi);
}

/* RSDT -> FACP, an unmapped address, MADT; XSDT -> FACP, MADT2. */
static void acpi_build(void)
{
	uint8_t *p;

	mem_new();
	p = sdt(RSDT, "RSDT", 36 + 12, "BOCHS ");
	wr32(p + 36, FACP);
	wr32(p + 40, 0xdead0000);
	wr32(p + 44, MADT);
	sdt_sum(p);
	p = sdt(XSDT, "XSDT", 36 + 16, "BOCHS ");
	wr64(p + 36, FACP);
	wr64(p + 44, MADT2);
	sdt_sum(p);
	sdt_sum(sdt(FACP, "FACP", 116, "BOCHS "));
	p = sdt(MADT, "APIC", 52, "BOCHS ");
	p[44] = 0;
	p[45] = 8;
	p[47] = 1; /* APIC ID 1, enabled */
	p[48] = 1;
	sdt_sum(p);
	sdt_sum(sdt(MADT2, "APIC", 44, "A B\x01  "));
}

static int find(uint8_t rev, uint32_t rsdt, uint64_t xsdt, const char *sig, struct acpi_table *t)
{
	memset(&r, 0, sizeof(r));
	r.revision = rev;
	r.rsdt = rsdt;
	r.xsdt = xsdt;
	memset(t, 0, sizeof(*t));
	return acpi_find(&r, &mem.pm, sig, t, &d);
}

static void test_acpi_find(void)
{
	struct acpi_table t;
	struct madt_info *mi = calloc(1, sizeof(*mi));

	acpi_build();
	CHECK(find(0, RSDT, 0, "APIC", &t) == 0 && t.addr == MADT && t.len == 52 && t.checksum_ok &&
		      t.revision == 3 && !strcmp(t.via, "rsdt") && d.count == 0,
	      "RSDT walk finds the MADT", "addr=%#llx len=%u sum=%d rev=%u via=%s problems=%u",
	      (unsigned long long)t.addr, t.len, t.checksum_ok, t.revision, t.via, d.count);
	CHECK_STR(t.oem_id, "BOCHS", "OEM ID trailing spaces trimmed");
	CHECK(madt_parse(t.p, t.len, mi, &d) == 0 && mi->ncpus == 1 && mi->cpus[0].apic_id == 1,
	      "the MADT found parses", "ncpus=%u", mi->ncpus);
	CHECK(find(2, RSDT, XSDT, "APIC", &t) == 0 && t.addr == MADT2 && !strcmp(t.via, "xsdt"),
	      "XSDT walk preferred for rev 2", "addr=%#llx via=%s", (unsigned long long)t.addr,
	      t.via);
	CHECK_STR(t.oem_id, "A_B", "OEM ID: space and control byte shown as _");
	CHECK(find(2, RSDT, 0, "APIC", &t) == 0 && t.addr == MADT,
	      "rev 2 without an XSDT address: RSDT", "addr=%#llx", (unsigned long long)t.addr);
	memset(&d, 0, sizeof(d));
	CHECK(find(2, RSDT, 0x1000000, "APIC", &t) == 0 && t.addr == MADT && !strcmp(t.via, "rsdt"),
	      "XSDT not mapped: the RSDT is used", "rc addr=%#llx via=%s",
	      (unsigned long long)t.addr, t.via ? t.via : "-");
	CHECK_MSG(&d, "falling back to the RSDT at 0x7fe0000", "XSDT fallback: named");
	CHECK_INT(find(2, 0, 0x1000000, "APIC", &t), -1, "XSDT not mapped, no RSDT: -1");
	CHECK(find(0, RSDT, 0, "FACP", &t) == 0 && t.addr == FACP && t.len == 116,
	      "RSDT walk finds the first entry", "addr=%#llx len=%u", (unsigned long long)t.addr,
	      t.len);
	CHECK_INT(find(0, RSDT, 0, "HPET", &t), -1, "absent table: -1");
	CHECK_MSG(&d, "no HPET table in the RSDT", "absent table: named");

	tbl[0x400 + 20] ^= 0x55;
	CHECK(find(0, RSDT, 0, "APIC", &t) == 0 && !t.checksum_ok, "MADT bad sum: found, flagged",
	      "checksum_ok=%d", t.checksum_ok);
	tbl[0x10]++; /* the RSDT's OEM table ID */
	memset(&d, 0, sizeof(d));
	CHECK_INT(find(0, RSDT, 0, "APIC", &t), 0, "RSDT bad sum: still read");
	CHECK_MSG(&d, "RSDT checksum is wrong; reading it anyway", "RSDT bad sum: named");

	CHECK_INT(find(0, XSDT, 0, "APIC", &t), -1, "RSDT address holding an XSDT: -1");
	CHECK_MSG(&d, "RSDT at 0x7fe0100 has signature XSDT", "root signature named");
	CHECK_INT(find(0, 0x1000000, 0, "APIC", &t), -1, "root table not mapped: -1");
	CHECK_MSG(&d, "ACPI table at 0x1000000 is not in mapped memory", "root not mapped: named");
	CHECK_INT(find(0, TBL + 0x10000 - 20, 0, "APIC", &t), -1, "root header past memory: -1");

	static const struct {
		uint32_t len;
		const char *why;
	} lens[] = {
		{ 0, "length 0 is not believable" },
		{ 35, "length 35 is not believable" },
		{ 0x7fffffff, "length 2147483647 is not believable" },
		{ 0x20000, "its 131072 bytes are not all mapped" },
	};
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		acpi_build();
		wr32(tbl + 0x404, lens[i].len);
		CHECK_INT(find(0, RSDT, 0, "APIC", &t), -1,
			  unit_name("MADT length %#x: -1", lens[i].len));
		CHECK_MSG(&d, lens[i].why, unit_name("MADT length %#x: named", lens[i].len));
		acpi_build();
		wr32(tbl + 4, lens[i].len);
		CHECK_INT(find(0, RSDT, 0, "APIC", &t), -1,
			  unit_name("RSDT length %#x: -1", lens[i].len));
		CHECK_MSG(&d, lens[i].why, unit_name("RSDT length %#x: named", lens[i].len));
	}
	free(mi);
}

static void test_hpet_base(void)
{
	static uint8_t tbl[56];
	struct acpi_table t = { .p = tbl, .len = 56 };
	uint64_t base = 0;

	memset(&d, 0, sizeof(d));
	tbl[40] = 0; /* system memory */
	tbl[44] = 0x00;
	tbl[45] = 0x00;
	tbl[46] = 0xd0;
	tbl[47] = 0xfe;
	CHECK(acpi_hpet_base(&t, &base, &d) == 0 && base == 0xfed00000, "HPET base read",
	      "base=%#llx", (unsigned long long)base);
	tbl[40] = 1;
	CHECK_INT(acpi_hpet_base(&t, &base, &d), -1, "HPET in I/O space: refused");
	CHECK_MSG(&d, "HPET table: base in address space 1, not memory", "HPET I/O space: named");
	t.len = 50;
	CHECK_INT(acpi_hpet_base(&t, &base, &d), -1, "HPET table too short: refused");
	CHECK_MSG(&d, "HPET table: length 50, needs 52", "HPET short: named");
}

/* A real FADT of tests/data/fadt, in a heap block of its exact size so ASan sees any overread. */
static uint8_t *fadt_load(const char *name, struct acpi_table *t)
{
	char path[512];
	FILE *f;
	uint8_t *p = malloc(4096);
	size_t n = 0;

	snprintf(path, sizeof(path), SRCDIR "/tests/data/fadt/%s.dat", name);
	f = fopen(path, "rb");
	if (f) {
		n = fread(p, 1, 4096, f);
		fclose(f);
	}
	p = realloc(p, n ? n : 1);
	*t = (struct acpi_table){ .p = p, .len = (uint32_t)n };
	return p;
}

/* What iasl decodes from each (tests/data/fadt/SOURCES.md). */
static const struct {
	const char *name;
	uint16_t port;
	uint8_t bits;
} real_fadts[] = {
	{ "xeon-4s-dell-r820", 0x808, 24 },
	{ "amd-a320m-gigabyte-s2h", 0x808, 32 },
	{ "mtl-asus-nuc14rvh", 0x1808, 24 },
};

static void test_fadt_real(void)
{
	for (size_t i = 0; i < sizeof(real_fadts) / sizeof(real_fadts[0]); i++) {
		struct acpi_table t;
		struct acpi_pm_timer pt = { 0 };
		uint8_t *p = fadt_load(real_fadts[i].name, &t);

		memset(&d, 0, sizeof(d));
		CHECK(t.len >= 244 && memcmp(p, "FACP", 4) == 0 && checksum8(p, t.len) == 0,
		      unit_name("%s: FADT read", real_fadts[i].name), "len=%u", t.len);
		CHECK(acpi_fadt_pm_timer(&t, &pt, &d) == 0 && pt.port == real_fadts[i].port &&
			      pt.bits == real_fadts[i].bits && !strcmp(pt.from, "x_pm_tmr_blk"),
		      unit_name("%s: PM timer %#x, %u bits", real_fadts[i].name, real_fadts[i].port,
				real_fadts[i].bits),
		      "port=%#x bits=%u from=%s problems=%u", pt.port, pt.bits,
		      pt.from ? pt.from : "-", d.count);
		free(p);
	}
}

/* The Dell R820's FADT (24-bit timer at 0x808), broken one field at a time. */
static void test_fadt_broken(void)
{
	struct acpi_table t;
	struct acpi_pm_timer pt = { 0 };
	uint8_t *p = fadt_load("xeon-4s-dell-r820", &t);

	memset(&d, 0, sizeof(d));
	p[112 + 1] |= 1; /* TMR_VAL_EXT, flags bit 8 */
	CHECK(acpi_fadt_pm_timer(&t, &pt, &d) == 0 && pt.bits == 32, "TMR_VAL_EXT set: 32 bits",
	      "bits=%u", pt.bits);
	p[112 + 1] &= (uint8_t)~1;
	wr64(p + 212, 0);
	CHECK(acpi_fadt_pm_timer(&t, &pt, &d) == 0 && pt.port == 0x808 &&
		      !strcmp(pt.from, "pm_tmr_blk"),
	      "X_PM_TMR_BLK 0: PM_TMR_BLK used", "port=%#x from=%s", pt.port, pt.from);
	p[91] = 0;
	CHECK_INT(acpi_fadt_pm_timer(&t, &pt, &d), -1, "PM_TMR_LEN 0: refused");
	CHECK_MSG(&d, "FADT: PM_TMR_BLK 0x808 with PM_TMR_LEN 0 is no PM timer", "LEN 0: named");
	p[91] = 4;
	wr32(p + 76, 0);
	CHECK_INT(acpi_fadt_pm_timer(&t, &pt, &d), -1, "no timer block at all: refused");
	CHECK_MSG(&d, "FADT: PM_TMR_BLK and X_PM_TMR_BLK are both 0", "no block: named");
	wr32(p + 76, 0x808);
	wr64(p + 212, 0x1808);
	CHECK(acpi_fadt_pm_timer(&t, &pt, &d) == 0 && pt.port == 0x1808,
	      "both blocks: X_PM_TMR_BLK wins", "port=%#x", pt.port);
	p[208] = 0; /* system memory */
	CHECK_INT(acpi_fadt_pm_timer(&t, &pt, &d), -1, "X block in memory space: refused");
	CHECK_MSG(&d, "FADT: X_PM_TMR_BLK in address space 0, not I/O", "memory space: named");
	p[208] = 1;
	wr64(p + 212, 0x10008);
	CHECK_INT(acpi_fadt_pm_timer(&t, &pt, &d), -1, "X block past port 0xffff: refused");
	CHECK_MSG(&d, "FADT: X_PM_TMR_BLK 0x10008 is beyond the I/O ports", "past 0xffff: named");
	wr64(p + 212, 0x808);
	p[112 + 2] |= 0x10; /* HW_REDUCED_ACPI, flags bit 20 */
	CHECK_INT(acpi_fadt_pm_timer(&t, &pt, &d), -1, "hardware-reduced ACPI: refused");
	CHECK_MSG(&d, "FADT: hardware-reduced ACPI, which has no PM timer", "reduced: named");
	p[112 + 2] &= (uint8_t)~0x10;
	/* An ACPI 1.0 FADT ends at the flags: no X block is read past its end. */
	t.len = 116;
	wr32(p + 76, 0x408);
	CHECK(acpi_fadt_pm_timer(&t, &pt, &d) == 0 && pt.port == 0x408 &&
		      !strcmp(pt.from, "pm_tmr_blk"),
	      "116-byte FADT: PM_TMR_BLK", "port=%#x from=%s", pt.port, pt.from);
	t.len = 100;
	CHECK_INT(acpi_fadt_pm_timer(&t, &pt, &d), -1, "FADT cut before its flags: refused");
	CHECK_MSG(&d, "FADT: length 100, needs 116", "cut: named");
	free(p);
}

/* The way apic/enumerate.c goes: the FADT found through the RSDT, then its PM timer. */
static void test_fadt_found(void)
{
	struct acpi_table t, real;
	struct acpi_pm_timer pt = { 0 };
	uint8_t *p = fadt_load("mtl-asus-nuc14rvh", &real);

	mem_new();
	acpi_build();
	memcpy(tbl + (FACP - TBL), p, real.len);
	CHECK(find(0, RSDT, 0, "FACP", &t) == 0 && t.len == real.len && t.checksum_ok &&
		      acpi_fadt_pm_timer(&t, &pt, &d) == 0 && pt.port == 0x1808 && pt.bits == 24,
	      "NUC14's FADT through the RSDT: PM timer 0x1808", "len=%u port=%#x problems=%u",
	      t.len, pt.port, d.count);
	free(p);
}

int main(void)
{
	unit_begin();
	test_rsdp_check();
	test_rsdp_find();
	test_acpi_find();
	test_hpet_base();
	test_fadt_real();
	test_fadt_broken();
	test_fadt_found();
	fake_free(&mem);
	return unit_done();
}
