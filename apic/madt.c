/* SPDX-License-Identifier: MIT */
#include "madt.h"

#include "../lib/fmt.h"
#include "../arch/physmap.h"
#include "../lib/string.h"

enum {
	MADT_LOCAL_APIC = 0,
	MADT_LAPIC_OVERRIDE = 5,
	MADT_LOCAL_X2APIC = 9,
	MADT_LAST_DEFINED = 0x17, /* ACPI 6.5 table 5.21 */
};

#define MADT_HEADER_LEN	    44
#define MADT_ENABLED	    (1u << 0)
#define MADT_ONLINE_CAPABLE (1u << 1)
/* Online Capable is bit 1 from MADT revision 5 (ACPI 6.3) on; before, the bit is reserved. */
#define MADT_REV_ONLINE_CAPABLE 5

const char *const madt_ignore_names[] = {
	[MADT_IGN_NONE] = "none",
	[MADT_IGN_UNUSABLE] = "unusable",
	[MADT_IGN_INVALID_ID] = "invalid-id",
	[MADT_IGN_REPEAT] = "repeat",
};

const char *const madt_oddity_names[] = {
#define MADT_ODD_NAME(id, name, rule, dmesg) [id] = name,
	MADT_ODDITIES(MADT_ODD_NAME)
#undef MADT_ODD_NAME
};

const char *const madt_oddity_rules[] = {
#define MADT_ODD_RULE(id, name, rule, dmesg) [id] = rule,
	MADT_ODDITIES(MADT_ODD_RULE)
#undef MADT_ODD_RULE
};

const char *const madt_oddity_linux[] = {
#define MADT_ODD_LINUX(id, name, rule, dmesg) [id] = dmesg,
	MADT_ODDITIES(MADT_ODD_LINUX)
#undef MADT_ODD_LINUX
};

const char *madt_type_name(uint8_t type)
{
	return type == MADT_LOCAL_X2APIC ? "x2apic" : "lapic";
}

unsigned madt_count_enabled(const struct madt_info *mi)
{
	unsigned n = 0;

	for (unsigned i = 0; i < mi->ncpus; i++)
		n += mi->cpus[i].enabled;
	return n;
}

int madt_find_apic(const struct madt_info *mi, uint32_t apic_id)
{
	for (unsigned i = 0; i < mi->ncpus; i++)
		if (mi->cpus[i].apic_id == apic_id)
			return (int)i;
	return -1;
}

int madt_apic_addressable(uint32_t apic_id, int x2apic)
{
	return x2apic ? apic_id != MADT_X2APIC_INVALID : apic_id <= MADT_XAPIC_MAX_DEST;
}

static void odd(struct madt_info *mi, enum madt_oddity k, uint32_t off, uint32_t value)
{
	struct madt_odd *f = &mi->odd[k];

	if (f->count++ == 0) {
		f->off = off;
		f->value = value;
	}
}

static void ignore(struct madt_info *mi, const struct madt_cpu *c, enum madt_ignore why)
{
	if (mi->nignored >= MADT_MAX_IGNORED) {
		mi->ignored_dropped++;
		return;
	}
	mi->ignored[mi->nignored] = *c;
	mi->ignored[mi->nignored++].reason = (uint8_t)why;
}

/*
 * A repeated ID among usable entries: of the other type, the same CPU twice
 * (odd but legal); of the same type, a firmware bug. The first entry stays.
 */
static int repeated(struct madt_info *mi, const struct madt_cpu *c, struct diag *d)
{
	int first = madt_find_apic(mi, c->apic_id);

	if (first < 0)
		return 0;
	if (mi->cpus[first].type != c->type) {
		odd(mi, MADT_ODD_BOTH_TYPES, c->off, c->apic_id);
	} else {
		mi->duplicates++;
		diag_add(d,
			 "MADT entry at offset %u: APIC ID %#x is already listed (CPU %d); "
			 "a firmware bug, the first entry is kept",
			 c->off, c->apic_id, first);
	}
	ignore(mi, c, MADT_IGN_REPEAT);
	return 1;
}

static void add_cpu(struct madt_info *mi, uint8_t type, uint32_t apic, uint32_t uid, uint32_t flags,
		    unsigned off, struct diag *d)
{
	struct madt_cpu c = {
		.apic_id = apic,
		.uid = uid,
		.off = off,
		.type = type,
		.flags = (uint8_t)flags,
		.enabled = !!(flags & MADT_ENABLED),
	};
	int invalid = apic == (type == MADT_LOCAL_APIC ? MADT_XAPIC_INVALID : MADT_X2APIC_INVALID);

	/* Reserved and zero when Enabled is set (ACPI 6.5 5.2.12.2, table 5.23). */
	c.online_capable = !c.enabled && mi->revision >= MADT_REV_ONLINE_CAPABLE &&
			   (flags & MADT_ONLINE_CAPABLE);
	if (!c.enabled && !c.online_capable) {
		/* "OSPM shall ignore" it: no duplicate check, no problem, never kicked. */
		ignore(mi, &c, MADT_IGN_UNUSABLE);
		return;
	}
	if (invalid) {
		odd(mi, MADT_ODD_INVALID_ID_USABLE, off, apic);
		ignore(mi, &c, MADT_IGN_INVALID_ID);
		return;
	}
	if (repeated(mi, &c, d))
		return;
	if (mi->ncpus >= MADT_MAX_CPUS) {
		mi->dropped++;
		if (mi->dropped == 1)
			diag_add(d, "MADT lists more than %d CPUs; the rest are not used",
				 MADT_MAX_CPUS);
		return;
	}
	if (type == MADT_LOCAL_X2APIC && apic < MADT_XAPIC_INVALID)
		odd(mi, MADT_ODD_X2APIC_SMALL_ID, off, apic);
	mi->cpus[mi->ncpus++] = c;
}

static void entry(struct madt_info *mi, const uint8_t *e, uint32_t off, struct diag *d)
{
	uint8_t type = e[0], elen = e[1];

	if (type == MADT_LOCAL_APIC && elen >= 8)
		add_cpu(mi, type, e[3], e[2], get32(e + 4), off, d);
	else if (type == MADT_LOCAL_X2APIC && elen >= 16)
		add_cpu(mi, type, get32(e + 4), get32(e + 12), get32(e + 8), off, d);
	else if (type == MADT_LAPIC_OVERRIDE && elen >= 12) {
		mi->lapic_addr = get64(e + 4);
		mi->lapic_override = 1;
	} else if (type == MADT_LOCAL_APIC || type == MADT_LOCAL_X2APIC ||
		   type == MADT_LAPIC_OVERRIDE)
		diag_add(d, "MADT entry type %u at offset %u: length %u is too short; skipped",
			 type, off, elen);
	else if (type > MADT_LAST_DEFINED)
		odd(mi, MADT_ODD_RESERVED_TYPE, off, type);
}

int madt_parse(const uint8_t *p, size_t len, struct madt_info *mi, struct diag *d)
{
	uint32_t tlen;

	memset(mi, 0, sizeof(*mi));
	if (len < MADT_HEADER_LEN || memcmp(p, "APIC", 4) != 0) {
		diag_add(d, "MADT: %zu bytes, signature %.4s; not a MADT", len,
			 len >= 4 ? (const char *)p : "????");
		return -1;
	}
	tlen = get32(p + 4);
	if (tlen < MADT_HEADER_LEN || tlen > len) {
		diag_add(d, "MADT: header length %u outside 44..%zu", tlen, len);
		return -1;
	}
	mi->checksum_ok = checksum8(p, tlen) == 0;
	if (!mi->checksum_ok)
		diag_add(d, "MADT: checksum is wrong (bytes sum to %#x, not 0)",
			 checksum8(p, tlen));
	mi->revision = p[8];
	mi->lapic_addr32 = get32(p + 36);
	mi->lapic_addr = mi->lapic_addr32;
	mi->flags = get32(p + 40);

	for (uint32_t off = MADT_HEADER_LEN; off < tlen;) {
		const uint8_t *e = p + off;

		if (tlen - off < 2) {
			diag_add(d, "MADT: a stray byte at offset %u, past the last entry", off);
			break;
		}
		if (e[1] < 2 || e[1] > tlen - off) {
			diag_add(d,
				 "MADT entry type %u at offset %u: length %u does not fit; "
				 "stopped reading entries",
				 e[0], off, e[1]);
			break;
		}
		mi->nentries++;
		entry(mi, e, off, d);
		off += e[1];
	}
	if (mi->ncpus && madt_find_apic(mi, 0) < 0)
		odd(mi, MADT_ODD_NO_APIC_ID_0, mi->cpus[0].off, mi->cpus[0].apic_id);
	return 0;
}

void madt_check_bsp(struct madt_info *mi, uint32_t bsp_apic)
{
	int i = madt_find_apic(mi, bsp_apic);

	if (i > 0)
		odd(mi, MADT_ODD_BSP_NOT_FIRST, mi->cpus[i].off, bsp_apic);
}

static int enabled_in_package(const struct madt_info *mi, uint32_t pkg, unsigned shift)
{
	for (unsigned i = 0; i < mi->ncpus; i++)
		if (mi->cpus[i].enabled && mi->cpus[i].apic_id >> shift == pkg)
			return 1;
	return 0;
}

void madt_check_packages(struct madt_info *mi, unsigned pkg_shift)
{
	unsigned shift = pkg_shift < 32 ? pkg_shift : 31;

	/* Linux's acpi_is_processor_usable() takes these, and its topology code rejects them. */
	for (unsigned i = 0; i < mi->nignored; i++) {
		const struct madt_cpu *c = &mi->ignored[i];

		/* Linux skips the invalid IDs before it looks at the flags. */
		if (c->reason == MADT_IGN_UNUSABLE && mi->revision < MADT_REV_ONLINE_CAPABLE &&
		    c->apic_id != (c->type == MADT_LOCAL_APIC ? MADT_XAPIC_INVALID
							      : MADT_X2APIC_INVALID) &&
		    enabled_in_package(mi, c->apic_id >> shift, shift))
			odd(mi, MADT_ODD_HOTPLUG_IN_PRESENT_PKG, c->off, c->apic_id);
	}
	for (unsigned i = 0; i < mi->ncpus; i++) {
		const struct madt_cpu *c = &mi->cpus[i];

		if (c->online_capable && enabled_in_package(mi, c->apic_id >> shift, shift))
			odd(mi, MADT_ODD_HOTPLUG_IN_PRESENT_PKG, c->off, c->apic_id);
	}
}

void madt_oddity_text(const struct madt_info *mi, enum madt_oddity k, char *buf, size_t size)
{
	const struct madt_odd *f = &mi->odd[k];
	static const char *const what[] = {
		[MADT_ODD_X2APIC_SMALL_ID] = "type-9 entries with IDs below 255, first",
		[MADT_ODD_BOTH_TYPES] = "type-0 and type-9 entries for one CPU, first",
		[MADT_ODD_NO_APIC_ID_0] = "no usable CPU has APIC ID 0; the first is",
		[MADT_ODD_BSP_NOT_FIRST] = "the boot CPU is not the first usable entry: it is",
		[MADT_ODD_RESERVED_TYPE] = "subtables of undefined types, first type",
		[MADT_ODD_INVALID_ID_USABLE] = "an entry flagged usable has the invalid ID",
		[MADT_ODD_XAPIC_UNREACHABLE] = "CPUs xAPIC mode cannot address, not kicked: first",
		/* Bracketed: clang takes two literals in a row for a lost comma. */
		[MADT_ODD_HOTPLUG_IN_PRESENT_PKG] =
			("entries not enabled in a package with enabled CPUs (cores per package "
			 "come from CPUID, not from them): first"),
	};

	fmt_buf(buf, size, "%s %#x at offset %u (%u in all)", what[k], f->value, f->off, f->count);
}
