/* SPDX-License-Identifier: MIT */
/*
 * Finding the CPUs through ACPI: the RSDP (boot/rsdp.c) from the loader's
 * copy or the BIOS areas, one table through the RSDT or XSDT
 * (apic/acpi.c), and the MADT's CPU entries (apic/madt.c). Firmware tables
 * are built here byte by byte, then broken the ways real ones are; every
 * broken one must be named in the diag and read no byte outside its buffer.
 */
#include "../../apic/acpi.h"
#include "../../apic/madt.h"
#include "unit.h"

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

static uint8_t mt[20000];
static uint32_t mlen;
static struct madt_info mi;

static void madt_begin(void)
{
	memset(mt, 0, sizeof(mt));
	memcpy(mt, "APIC", 4);
	mt[8] = 5;
	wr32(mt + 36, 0xfee00000);
	wr32(mt + 40, 1);
	mlen = 44;
	memset(&d, 0, sizeof(d));
}

/* Appends an entry of type and length; body bytes 2.. are filled by the caller. */
static uint8_t *entry(uint8_t type, uint8_t len)
{
	uint8_t *e = mt + mlen;

	e[0] = type;
	e[1] = len;
	mlen += len < 2 ? 2 : len; /* a bad length still takes its two bytes */
	return e;
}

static void lapic(uint8_t uid, uint8_t apic, uint32_t flags)
{
	uint8_t *e = entry(0, 8);

	e[2] = uid;
	e[3] = apic;
	wr32(e + 4, flags);
}

static void x2apic(uint32_t apic, uint32_t flags, uint32_t uid)
{
	uint8_t *e = entry(9, 16);

	wr32(e + 4, apic);
	wr32(e + 8, flags);
	wr32(e + 12, uid);
}

/* Parses a copy of exactly buflen bytes with header length tlen, so ASan sees any overread. */
static int madt_run(uint32_t tlen, size_t buflen)
{
	uint8_t *copy;
	int rc;

	wr32(mt + 4, tlen);
	mt[9] = 0;
	mt[9] = (uint8_t)-checksum8(mt, tlen);
	copy = malloc(buflen);
	memcpy(copy, mt, buflen);
	unit_at("madt_parse");
	rc = madt_parse(copy, buflen, &mi, &d);
	free(copy);
	return rc;
}

static void test_madt(void)
{
	madt_begin();
	lapic(0, 0, 1);
	lapic(1, 2, 0);
	lapic(2, 4, 2);
	wr64(entry(5, 12) + 4, 0x1fee00000ull);
	entry(1, 12); /* an I/O APIC: counted, not a CPU */
	x2apic(0x100, 1, 300);
	x2apic(0xffffffff, 3, 7);
	CHECK_INT(madt_run(mlen, mlen), 0, "MADT good: returns 0");
	CHECK_NO_MSG(&d, "MADT good: no problems");
	CHECK(mi.nentries == 7 && mi.ncpus == 5 && mi.checksum_ok && mi.flags == 1,
	      "MADT good: counts", "entries=%u cpus=%u sum=%d flags=%u", mi.nentries, mi.ncpus,
	      mi.checksum_ok, mi.flags);
	CHECK(mi.lapic_addr32 == 0xfee00000 && mi.lapic_addr == 0x1fee00000ull && mi.lapic_override,
	      "MADT good: type 5 overrides the LAPIC address", "addr32=%#x addr=%#llx over=%d",
	      mi.lapic_addr32, (unsigned long long)mi.lapic_addr, mi.lapic_override);
	CHECK(mi.cpus[0].type == 0 && mi.cpus[0].apic_id == 0 && mi.cpus[0].enabled &&
		      !mi.cpus[0].online_capable,
	      "MADT good: enabled LAPIC", "type=%u id=%u en=%u oc=%u", mi.cpus[0].type,
	      mi.cpus[0].apic_id, mi.cpus[0].enabled, mi.cpus[0].online_capable);
	CHECK(mi.cpus[1].apic_id == 2 && mi.cpus[1].uid == 1 && !mi.cpus[1].enabled &&
		      !mi.cpus[1].online_capable,
	      "MADT good: disabled LAPIC listed", "id=%u uid=%u en=%u oc=%u", mi.cpus[1].apic_id,
	      mi.cpus[1].uid, mi.cpus[1].enabled, mi.cpus[1].online_capable);
	CHECK(mi.cpus[2].apic_id == 4 && !mi.cpus[2].enabled && mi.cpus[2].online_capable,
	      "MADT good: online-capable LAPIC", "id=%u en=%u oc=%u", mi.cpus[2].apic_id,
	      mi.cpus[2].enabled, mi.cpus[2].online_capable);
	CHECK(mi.cpus[3].type == 9 && mi.cpus[3].apic_id == 0x100 && mi.cpus[3].uid == 300 &&
		      mi.cpus[3].enabled,
	      "MADT good: x2APIC entry", "type=%u id=%#x uid=%u en=%u", mi.cpus[3].type,
	      mi.cpus[3].apic_id, mi.cpus[3].uid, mi.cpus[3].enabled);
	/* Online-capable only means something for a CPU not enabled yet (ACPI 6.3). */
	CHECK(mi.cpus[4].apic_id == 0xffffffff && mi.cpus[4].enabled && !mi.cpus[4].online_capable,
	      "MADT good: x2APIC ID 2^32-1, enabled", "id=%#x en=%u oc=%u", mi.cpus[4].apic_id,
	      mi.cpus[4].enabled, mi.cpus[4].online_capable);
	CHECK(madt_find_apic(&mi, 0x100) == 3 && madt_find_apic(&mi, 1) == -1, "madt_find_apic",
	      "0x100 -> %d, 1 -> %d", madt_find_apic(&mi, 0x100), madt_find_apic(&mi, 1));

	mt[20] ^= 0x40; /* after madt_run summed it: the sum is now wrong */
	CHECK(madt_parse(mt, mlen, &mi, &d) == 0 && !mi.checksum_ok && mi.ncpus == 5,
	      "MADT bad sum: parsed, flagged", "sum=%d ncpus=%u", mi.checksum_ok, mi.ncpus);
	CHECK_MSG(&d, "MADT: checksum is wrong", "MADT bad sum: named");

	for (uint8_t len = 0; len < 2; len++) {
		madt_begin();
		lapic(0, 0, 1);
		entry(0, len);
		lapic(1, 1, 1);
		madt_run(mlen, mlen);
		CHECK(mi.ncpus == 1 && mi.nentries == 1,
		      unit_name("MADT entry length %u: stops", len), "ncpus=%u entries=%u",
		      mi.ncpus, mi.nentries);
		CHECK_MSG(&d, unit_name("at offset 52: length %u does not fit; stopped", len),
			  unit_name("MADT entry length %u: named", len));
	}

	madt_begin();
	lapic(0, 0, 1);
	x2apic(5, 1, 5);
	madt_run(mlen - 8, mlen - 8);
	CHECK(mi.ncpus == 1, "MADT entry past the end: not read", "ncpus=%u", mi.ncpus);
	CHECK_MSG(&d, "type 9 at offset 52: length 16 does not fit", "MADT entry past end: named");

	madt_begin();
	entry(0, 6)[3] = 9;
	entry(9, 12);
	entry(5, 8);
	lapic(1, 5, 1);
	madt_run(mlen, mlen);
	CHECK(mi.ncpus == 1 && mi.cpus[0].apic_id == 5 && mi.nentries == 4 && !mi.lapic_override,
	      "MADT short entries skipped, the next read", "ncpus=%u id=%u entries=%u over=%d",
	      mi.ncpus, mi.cpus[0].apic_id, mi.nentries, mi.lapic_override);
	CHECK_MSG(&d, "type 0 at offset 44: length 6 is too short; skipped", "type 0 len 6 named");
	CHECK_MSG(&d, "type 9 at offset 50: length 12 is too short", "type 9 len 12 named");
	CHECK_MSG(&d, "type 5 at offset 62: length 8 is too short", "type 5 len 8 named");

	madt_begin();
	lapic(0, 0, 1);
	madt_run(mlen + 1, mlen + 1);
	CHECK_MSG(&d, "a stray byte at offset 52", "MADT stray last byte: named");

	madt_begin();
	lapic(0, 2, 1);
	x2apic(2, 1, 9);
	lapic(1, 2, 1);
	lapic(2, 3, 1);
	madt_run(mlen, mlen);
	CHECK(mi.ncpus == 2 && mi.duplicates == 2 && mi.cpus[1].apic_id == 3,
	      "MADT duplicate APIC IDs dropped", "ncpus=%u duplicates=%u", mi.ncpus, mi.duplicates);
	CHECK_MSG(&d, "offset 52: APIC ID 0x2 is already listed (CPU 0); dropped",
		  "MADT duplicate named");

	madt_begin();
	for (uint32_t i = 0; i < 1030; i++)
		x2apic(i, 1, i);
	madt_run(mlen, mlen);
	CHECK(mi.ncpus == MADT_MAX_CPUS && mi.dropped == 6 && mi.cpus[1023].apic_id == 1023 &&
		      d.count == 1,
	      "MADT 1030 CPUs: 1024 kept, 6 dropped, named once", "ncpus=%u dropped=%u problems=%u",
	      mi.ncpus, mi.dropped, d.count);
	CHECK_MSG(&d, "more than 1024 CPUs", "MADT over 1024 CPUs: named");

	madt_begin();
	lapic(0, 0, 1);
	CHECK_INT(madt_run(100, mlen), -1, "MADT header length past the buffer: -1");
	CHECK_MSG(&d, "header length 100 outside 44..52", "MADT length past buffer: named");
	CHECK_INT(madt_run(40, mlen), -1, "MADT header length 40: -1");
	CHECK_INT(madt_run(mlen, 43), -1, "MADT buffer of 43 bytes: -1");
	CHECK_MSG(&d, "43 bytes, signature APIC; not a MADT", "MADT short buffer: named");
	CHECK_INT(madt_run(mlen, 2), -1, "MADT buffer of 2 bytes: -1");
	mt[3] = 'X';
	CHECK_INT(madt_run(mlen, mlen), -1, "MADT signature APIX: -1");
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

int main(void)
{
	unit_begin();
	test_rsdp_check();
	test_rsdp_find();
	test_acpi_find();
	test_hpet_base();
	test_madt();
	fake_free(&mem);
	return unit_done();
}
