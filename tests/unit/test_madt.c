/* SPDX-License-Identifier: MIT */
/*
 * The MADT rules (apic/madt.c, docs/hardware.md "The MADT"): tables built
 * byte by byte and broken the ways real ones are, then the real tables of
 * tests/data/madt against the expectations iasl gave (tests/data/madt/README.md).
 */
#include "../../apic/madt.h"
#include "unit.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif

static uint8_t mt[20000];
static uint32_t mlen;
static struct madt_info mi;
static struct diag d;

static void madt_begin(uint8_t revision)
{
	memset(mt, 0, sizeof(mt));
	memcpy(mt, "APIC", 4);
	mt[8] = revision;
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

static void test_good(void)
{
	madt_begin(5);
	lapic(0, 0, 1);
	lapic(1, 2, 0);
	lapic(2, 4, 2);
	wr64(entry(5, 12) + 4, 0x1fee00000ull);
	entry(1, 12); /* an I/O APIC: counted, not a CPU */
	x2apic(0x100, 1, 300);
	x2apic(0xffffffff, 3, 7);
	CHECK_INT(madt_run(mlen, mlen), 0, "MADT good: returns 0");
	CHECK_NO_MSG(&d, "MADT good: no problems");
	CHECK(mi.nentries == 7 && mi.ncpus == 3 && mi.nignored == 2 && mi.checksum_ok &&
		      mi.flags == 1 && mi.revision == 5,
	      "MADT good: counts", "entries=%u cpus=%u ignored=%u sum=%d flags=%u", mi.nentries,
	      mi.ncpus, mi.nignored, mi.checksum_ok, mi.flags);
	CHECK(mi.lapic_addr32 == 0xfee00000 && mi.lapic_addr == 0x1fee00000ull && mi.lapic_override,
	      "MADT good: type 5 overrides the LAPIC address", "addr32=%#x addr=%#llx over=%d",
	      mi.lapic_addr32, (unsigned long long)mi.lapic_addr, mi.lapic_override);
	CHECK(mi.cpus[0].type == 0 && mi.cpus[0].apic_id == 0 && mi.cpus[0].enabled &&
		      !mi.cpus[0].online_capable,
	      "MADT good: enabled LAPIC", "type=%u id=%u en=%u oc=%u", mi.cpus[0].type,
	      mi.cpus[0].apic_id, mi.cpus[0].enabled, mi.cpus[0].online_capable);
	CHECK(mi.ignored[0].apic_id == 2 && mi.ignored[0].uid == 1 &&
		      mi.ignored[0].reason == MADT_IGN_UNUSABLE && mi.ignored[0].off == 52,
	      "MADT good: neither Enabled nor Online Capable: ignored", "id=%u uid=%u reason=%u",
	      mi.ignored[0].apic_id, mi.ignored[0].uid, mi.ignored[0].reason);
	CHECK(mi.cpus[1].apic_id == 4 && !mi.cpus[1].enabled && mi.cpus[1].online_capable,
	      "MADT good: online-capable LAPIC is usable", "id=%u en=%u oc=%u", mi.cpus[1].apic_id,
	      mi.cpus[1].enabled, mi.cpus[1].online_capable);
	CHECK(mi.cpus[2].type == 9 && mi.cpus[2].apic_id == 0x100 && mi.cpus[2].uid == 300 &&
		      mi.cpus[2].enabled,
	      "MADT good: x2APIC entry", "type=%u id=%#x uid=%u en=%u", mi.cpus[2].type,
	      mi.cpus[2].apic_id, mi.cpus[2].uid, mi.cpus[2].enabled);
	CHECK(mi.ignored[1].apic_id == 0xffffffff && mi.ignored[1].reason == MADT_IGN_INVALID_ID &&
		      mi.odd[MADT_ODD_INVALID_ID_USABLE].count == 1,
	      "MADT good: x2APIC ID 0xffffffff is never a CPU", "reason=%u count=%u",
	      mi.ignored[1].reason, mi.odd[MADT_ODD_INVALID_ID_USABLE].count);
	CHECK(madt_find_apic(&mi, 0x100) == 2 && madt_find_apic(&mi, 2) == -1, "madt_find_apic",
	      "0x100 -> %d, 2 -> %d", madt_find_apic(&mi, 0x100), madt_find_apic(&mi, 2));

	mt[20] ^= 0x40; /* after madt_run summed it: the sum is now wrong */
	CHECK(madt_parse(mt, mlen, &mi, &d) == 0 && !mi.checksum_ok && mi.ncpus == 3,
	      "MADT bad sum: parsed, flagged", "sum=%d ncpus=%u", mi.checksum_ok, mi.ncpus);
	CHECK_MSG(&d, "MADT: checksum is wrong", "MADT bad sum: named");

	/* Before revision 5, bit 1 is reserved: a disabled entry with it set is no CPU. */
	madt_begin(4);
	lapic(0, 0, 1);
	lapic(1, 1, 2);
	madt_run(mlen, mlen);
	CHECK(mi.ncpus == 1 && mi.nignored == 1, "MADT rev 4: Online Capable not read",
	      "cpus=%u ignored=%u", mi.ncpus, mi.nignored);
}

static void test_placeholders(void)
{
	/* AGESA: the CPUs, then placeholders that all say APIC ID 0. */
	madt_begin(3);
	for (uint8_t i = 0; i < 4; i++)
		lapic(i, i, 1);
	for (uint8_t i = 4; i < 100; i++)
		lapic(i, 0, 0);
	madt_run(mlen, mlen);
	CHECK(mi.ncpus == 4 && mi.nignored == 96 && mi.duplicates == 0 && d.count == 0,
	      "AMD ID-0 placeholders: ignored, no problem", "cpus=%u ignored=%u dup=%u problems=%u",
	      mi.ncpus, mi.nignored, mi.duplicates, d.count);
	/* Intel client boards: 0xFF placeholders, and x2APIC ones of 0xFFFFFFFF. */
	madt_begin(3);
	lapic(0, 0, 1);
	lapic(1, 0xff, 0);
	lapic(2, 0xff, 0);
	x2apic(0xffffffff, 0, 3);
	x2apic(0xffffffff, 0, 4);
	lapic(5, 2, 1);
	madt_run(mlen, mlen);
	CHECK(mi.ncpus == 2 && mi.nignored == 4 && d.count == 0 &&
		      !mi.odd[MADT_ODD_INVALID_ID_USABLE].count,
	      "0xFF placeholders: ignored, no problem", "cpus=%u ignored=%u problems=%u", mi.ncpus,
	      mi.nignored, d.count);
	/* A placeholder listed before the real CPU never hides it. */
	madt_begin(3);
	lapic(7, 5, 0);
	lapic(0, 0, 1);
	lapic(5, 5, 1);
	madt_run(mlen, mlen);
	CHECK(mi.ncpus == 2 && mi.cpus[1].apic_id == 5 && mi.cpus[1].uid == 5 && d.count == 0,
	      "placeholder before the real CPU: the CPU is kept", "cpus=%u uid=%u problems=%u",
	      mi.ncpus, mi.cpus[1].uid, d.count);
	/* An xAPIC entry flagged Enabled with ID 0xFF: the broadcast ID, never a CPU. */
	madt_begin(3);
	lapic(0, 0, 1);
	lapic(1, 0xff, 1);
	madt_run(mlen, mlen);
	CHECK(mi.ncpus == 1 && mi.ignored[0].reason == MADT_IGN_INVALID_ID && d.count == 0 &&
		      mi.odd[MADT_ODD_INVALID_ID_USABLE].count == 1,
	      "enabled 0xFF entry: not a CPU, a note", "cpus=%u reason=%u problems=%u", mi.ncpus,
	      mi.ignored[0].reason, d.count);
}

static void test_layouts(void)
{
	char text[256];

	madt_begin(5);
	lapic(0, 2, 1);
	x2apic(2, 1, 9);
	lapic(1, 2, 1);
	lapic(2, 3, 1);
	entry(0x7f, 12);
	madt_run(mlen, mlen);
	CHECK(mi.ncpus == 2 && mi.duplicates == 1 && mi.cpus[1].apic_id == 3 && mi.nignored == 2,
	      "repeated IDs: the first usable kept", "ncpus=%u duplicates=%u ignored=%u", mi.ncpus,
	      mi.duplicates, mi.nignored);
	CHECK_MSG(&d, "offset 68: APIC ID 0x2 is already listed (CPU 0); a firmware bug",
		  "repeated ID of one type: a problem");
	CHECK(mi.odd[MADT_ODD_BOTH_TYPES].count == 1 && mi.odd[MADT_ODD_BOTH_TYPES].off == 52,
	      "type 0 and type 9 for one CPU: named", "count=%u off=%u",
	      mi.odd[MADT_ODD_BOTH_TYPES].count, mi.odd[MADT_ODD_BOTH_TYPES].off);
	CHECK(mi.odd[MADT_ODD_RESERVED_TYPE].count == 1 &&
		      mi.odd[MADT_ODD_RESERVED_TYPE].value == 0x7f,
	      "type 0x7f: named", "count=%u", mi.odd[MADT_ODD_RESERVED_TYPE].count);
	CHECK(mi.odd[MADT_ODD_NO_APIC_ID_0].count == 1, "no APIC ID 0: named", "count=%u",
	      mi.odd[MADT_ODD_NO_APIC_ID_0].count);
	madt_oddity_text(&mi, MADT_ODD_RESERVED_TYPE, text, sizeof(text));
	CHECK_HAS(text, "subtables of undefined types, first type 0x7f at offset 84 (1 in all)",
		  "oddity text names the first entry and the count");

	madt_begin(5);
	x2apic(4, 1, 0);
	x2apic(0, 1, 1);
	x2apic(0x300, 1, 2);
	madt_run(mlen, mlen);
	CHECK(mi.odd[MADT_ODD_X2APIC_SMALL_ID].count == 2 && d.count == 0,
	      "x2APIC-only, small IDs: named, no problem", "count=%u problems=%u",
	      mi.odd[MADT_ODD_X2APIC_SMALL_ID].count, d.count);
	madt_check_bsp(&mi, 0);
	CHECK(mi.odd[MADT_ODD_BSP_NOT_FIRST].count == 1 && mi.odd[MADT_ODD_BSP_NOT_FIRST].off == 60,
	      "the BSP second: named", "count=%u", mi.odd[MADT_ODD_BSP_NOT_FIRST].count);
	CHECK(madt_apic_addressable(0xfe, 0) && !madt_apic_addressable(0xff, 0) &&
		      !madt_apic_addressable(0x300, 0) && madt_apic_addressable(0x300, 1),
	      "xAPIC mode addresses IDs up to 0xfe", "%s", "0xff or above");
}

/*
 * Finding or note is Linux's call (docs/hardware.md, "Findings and notes"): a finding carries
 * the line Linux prints for it, a note none. Each kind the parser raises is raised here.
 */
static void test_findings_and_notes(void)
{
	static const struct {
		enum madt_oddity k;
		const char *linux_says;
	} findings[] = {
		{ MADT_ODD_BSP_NOT_FIRST,
		  "CPU topo: [Firmware Bug]: APIC enumeration order not specification compliant" },
		{ MADT_ODD_XAPIC_UNREACHABLE, "ACPI: x2apic entry ignored" },
		{ MADT_ODD_HOTPLUG_IN_PRESENT_PKG,
		  "CPU topo: Ignoring hot-pluggable APIC ID %x in present package." },
	};
	static const enum madt_oddity notes[] = {
		MADT_ODD_X2APIC_SMALL_ID, MADT_ODD_BOTH_TYPES,	      MADT_ODD_NO_APIC_ID_0,
		MADT_ODD_RESERVED_TYPE,	  MADT_ODD_INVALID_ID_USABLE,
	};

	for (size_t i = 0; i < sizeof(findings) / sizeof(findings[0]); i++) {
		enum madt_oddity k = findings[i].k;

		CHECK(madt_is_finding(k) && strstr(madt_oddity_linux[k], findings[i].linux_says),
		      unit_name("%s: a finding, with Linux's line", madt_oddity_names[k]),
		      "linux=%s", madt_oddity_linux[k]);
	}
	CHECK_HAS(madt_oddity_linux[MADT_ODD_BSP_NOT_FIRST],
		  "Boot CPU APIC ID not the first enumerated APIC ID",
		  "bsp-not-first: Linux's first line too");
	for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
		CHECK(!madt_is_finding(notes[i]) && madt_oddity_rules[notes[i]][0],
		      unit_name("%s: a note, Linux silent, with its rule",
				madt_oddity_names[notes[i]]),
		      "linux=%s", madt_oddity_linux[notes[i]]);
	CHECK_INT(MADT_NODDITIES,
		  sizeof(findings) / sizeof(findings[0]) + sizeof(notes) / sizeof(notes[0]),
		  "every kind is a finding or a note above");

	/* Both invalid IDs, flagged usable: Linux skips each silently ("Ignore invalid ID"). */
	madt_begin(5);
	lapic(0, 0, 1);
	lapic(1, 0xff, 1);
	x2apic(0xffffffff, 1, 2);
	madt_run(mlen, mlen);
	CHECK(mi.odd[MADT_ODD_INVALID_ID_USABLE].count == 2 && mi.ncpus == 1 && d.count == 0,
	      "usable 0xFF and 0xFFFFFFFF: one note, no CPU, no problem", "count=%u cpus=%u",
	      mi.odd[MADT_ODD_INVALID_ID_USABLE].count, mi.ncpus);
	/* The BSP third of three: named at its entry, the ID it has. */
	madt_begin(5);
	lapic(0, 1, 1);
	lapic(1, 2, 1);
	lapic(2, 0, 1);
	madt_run(mlen, mlen);
	madt_check_bsp(&mi, 0);
	CHECK(mi.odd[MADT_ODD_BSP_NOT_FIRST].count == 1 &&
		      mi.odd[MADT_ODD_BSP_NOT_FIRST].off == 60 &&
		      mi.odd[MADT_ODD_BSP_NOT_FIRST].value == 0 &&
		      !mi.odd[MADT_ODD_NO_APIC_ID_0].count,
	      "the BSP third: bsp-not-first at its entry", "count=%u off=%u",
	      mi.odd[MADT_ODD_BSP_NOT_FIRST].count, mi.odd[MADT_ODD_BSP_NOT_FIRST].off);
	madt_check_bsp(&mi, 1);
	CHECK(mi.odd[MADT_ODD_BSP_NOT_FIRST].count == 1, "the BSP first: nothing more", "count=%u",
	      mi.odd[MADT_ODD_BSP_NOT_FIRST].count);
}

/*
 * hotplug-in-present-package (Linux f0551af02130): not-enabled entries in a package with
 * enabled CPUs, as Linux would register them: before revision 5 any, from 5 online capable.
 */
static void test_packages(void)
{
	/* ASUS B550 style: revision 3, 4 CPUs, then disabled copies of ID 0 and more. */
	madt_begin(3);
	for (uint8_t i = 0; i < 4; i++)
		lapic(i, i, 1);
	lapic(4, 0, 0);
	lapic(5, 4, 0);
	lapic(6, 0xff, 0);
	lapic(7, 0x10, 0);
	madt_run(mlen, mlen);
	madt_check_packages(&mi, 4);
	CHECK(mi.odd[MADT_ODD_HOTPLUG_IN_PRESENT_PKG].count == 2 &&
		      mi.odd[MADT_ODD_HOTPLUG_IN_PRESENT_PKG].value == 0 &&
		      mi.odd[MADT_ODD_HOTPLUG_IN_PRESENT_PKG].off == 76,
	      "revision 3: IDs 0 and 4 in package 0, not 0xFF, not package 1", "count=%u value=%#x",
	      mi.odd[MADT_ODD_HOTPLUG_IN_PRESENT_PKG].count,
	      mi.odd[MADT_ODD_HOTPLUG_IN_PRESENT_PKG].value);
	/* Revision 5: a placeholder is no CPU to Linux either; an online-capable one is. */
	madt_begin(5);
	lapic(0, 0, 1);
	lapic(1, 1, 0);
	lapic(2, 2, 2);
	madt_run(mlen, mlen);
	madt_check_packages(&mi, 4);
	CHECK(mi.odd[MADT_ODD_HOTPLUG_IN_PRESENT_PKG].count == 1 &&
		      mi.odd[MADT_ODD_HOTPLUG_IN_PRESENT_PKG].value == 2,
	      "revision 5: only the online-capable entry", "count=%u value=%#x",
	      mi.odd[MADT_ODD_HOTPLUG_IN_PRESENT_PKG].count,
	      mi.odd[MADT_ODD_HOTPLUG_IN_PRESENT_PKG].value);
}

static void test_broken(void)
{
	for (uint8_t len = 0; len < 2; len++) {
		madt_begin(5);
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
	madt_begin(5);
	lapic(0, 0, 1);
	x2apic(5, 1, 5);
	madt_run(mlen - 8, mlen - 8);
	CHECK(mi.ncpus == 1, "MADT entry past the end: not read", "ncpus=%u", mi.ncpus);
	CHECK_MSG(&d, "type 9 at offset 52: length 16 does not fit", "MADT entry past end: named");

	madt_begin(5);
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

	madt_begin(5);
	lapic(0, 0, 1);
	madt_run(mlen + 1, mlen + 1);
	CHECK_MSG(&d, "a stray byte at offset 52", "MADT stray last byte: named");

	madt_begin(5);
	for (uint32_t i = 0; i < 1030; i++)
		x2apic(i + 0x100, 1, i);
	madt_run(mlen, mlen);
	CHECK(mi.ncpus == MADT_MAX_CPUS && mi.dropped == 6 && mi.cpus[1023].apic_id == 0x4ff &&
		      d.count == 1,
	      "MADT 1030 CPUs: 1024 kept, 6 dropped, named once", "ncpus=%u dropped=%u problems=%u",
	      mi.ncpus, mi.dropped, d.count);
	CHECK_MSG(&d, "more than 1024 CPUs", "MADT over 1024 CPUs: named");

	madt_begin(5);
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

/* A file read whole into a heap block of its exact size, so ASan sees any overread. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n > 0 ? (size_t)n : 1);
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

/* One machine: every `cpu` and `ignored` line of the .expect against the parser, in order. */
static void real_table(const char *dir, const char *name)
{
	char path[512], line[256], notes[256] = "";
	unsigned nc = 0, ni = 0, bad = 0, dups = ~0u;
	size_t len = 0;
	uint8_t *dat;
	FILE *ex;

	snprintf(path, sizeof(path), "%s/%s.dat", dir, name);
	dat = slurp(path, &len);
	snprintf(path, sizeof(path), "%s/%s.expect", dir, name);
	ex = fopen(path, "r");
	if (!CHECK(dat && ex, unit_name("%s: .dat and .expect read", name), "%s", path)) {
		free(dat);
		if (ex)
			fclose(ex);
		return;
	}
	memset(&d, 0, sizeof(d));
	unit_at(name);
	CHECK(madt_parse(dat, len, &mi, &d) == 0 && mi.checksum_ok,
	      unit_name("%s: parses, checksum right", name), "sum=%d", mi.checksum_ok);
	CHECK_NO_MSG(&d, unit_name("%s: no problem (Linux reports none)", name));
	while (fgets(line, sizeof(line), ex)) {
		unsigned apic, uid, type, en, oc, flags;
		char reason[32];

		if (sscanf(line, "cpu apic=%x uid=%u type=%u enabled=%u online_capable=%u", &apic,
			   &uid, &type, &en, &oc) == 5) {
			const struct madt_cpu *c = &mi.cpus[nc];

			if (nc >= mi.ncpus || c->apic_id != apic || c->uid != uid ||
			    c->type != type || c->enabled != en || c->online_capable != oc)
				bad++;
			nc++;
		} else if (sscanf(line, "ignored apic=%x uid=%u type=%u flags=%x reason=%31s",
				  &apic, &uid, &type, &flags, reason) == 5) {
			const struct madt_cpu *c = &mi.ignored[ni];

			if (ni >= mi.nignored || c->apic_id != apic || c->uid != uid ||
			    c->type != type || c->flags != flags ||
			    strcmp(madt_ignore_names[c->reason], reason))
				bad++;
			ni++;
		} else if (sscanf(line, "notes %255s", notes) == 1 ||
			   sscanf(line, "duplicates %u", &dups) == 1) {
			continue;
		}
	}
	fclose(ex);
	free(dat);
	CHECK(nc == mi.ncpus && bad == 0, unit_name("%s: the usable CPUs iasl lists", name),
	      "expected %u, parsed %u, %u differ", nc, mi.ncpus, bad);
	CHECK(ni == mi.nignored, unit_name("%s: the ignored entries iasl lists", name),
	      "expected %u, parsed %u", ni, mi.nignored);
	CHECK(dups == mi.duplicates, unit_name("%s: the repeated IDs iasl lists", name),
	      "expected %u, parsed %u", dups, mi.duplicates);
	/* Linux warns about none of these tables: every oddity is a note, none a finding. */
	for (int k = 0; k < MADT_NODDITIES; k++) {
		int want = !madt_is_finding((enum madt_oddity)k) &&
			   strstr(notes, madt_oddity_names[k]) != NULL;

		CHECK(want == (mi.odd[k].count > 0),
		      unit_name("%s: %s %s %s", name, madt_is_finding(k) ? "finding" : "note",
				madt_oddity_names[k], want ? "named" : "absent"),
		      "count=%u", mi.odd[k].count);
	}
}

/* Every machine of tests/data/madt/SOURCES.md; at least 10 (docs/testing.md). */
static void test_real_tables(const char *dir)
{
	static const char *const machines[] = {
		"xeon-2s-supermicro-x10dai",	"xeon-4s-dell-r820",
		"xeon-2s-hp-dl360g7",		"amd-x399-asrock-taichi",
		"amd-trx40-asus-zenith2",	"amd-a320m-gigabyte-s2h",
		"intel-laptop-dell-xps13-7390", "mtl-asus-nuc14rvh",
		"lnl-msi-prestige13-a2vmg",	"rpl-lenovo-legion-pro7",
		"opteron-2s-supermicro-h8dgu",	"opteron-4s-supermicro-h8qg6",
		"skx-gigabyte-x299-ud4pro",	"hp-proliant-dl380g5",
	};

	for (size_t i = 0; i < sizeof(machines) / sizeof(machines[0]); i++)
		real_table(dir, machines[i]);
}

int main(void)
{
	unit_begin();
	test_good();
	test_placeholders();
	test_layouts();
	test_findings_and_notes();
	test_packages();
	test_broken();
	test_real_tables(SRCDIR "/tests/data/madt");
	return unit_done();
}
