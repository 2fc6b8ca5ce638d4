/* SPDX-License-Identifier: MIT */
#include "madt.h"

#include "../lib/physmap.h"
#include "../lib/string.h"

enum {
	MADT_LOCAL_APIC = 0,
	MADT_LAPIC_OVERRIDE = 5,
	MADT_LOCAL_X2APIC = 9,
};

#define MADT_HEADER_LEN	    44
#define MADT_ENABLED	    (1u << 0)
#define MADT_ONLINE_CAPABLE (1u << 1)

int madt_find_apic(const struct madt_info *mi, uint32_t apic_id)
{
	for (unsigned i = 0; i < mi->ncpus; i++)
		if (mi->cpus[i].apic_id == apic_id)
			return (int)i;
	return -1;
}

static void add_cpu(struct madt_info *mi, uint8_t type, uint32_t apic, uint32_t uid, uint32_t flags,
		    unsigned off, struct diag *d)
{
	int dup = madt_find_apic(mi, apic);
	struct madt_cpu *c;

	if (dup >= 0) {
		mi->duplicates++;
		diag_add(d,
			 "MADT entry at offset %u: APIC ID %#x is already listed (CPU %d); dropped",
			 off, apic, dup);
		return;
	}
	if (mi->ncpus >= MADT_MAX_CPUS) {
		mi->dropped++;
		if (mi->dropped == 1)
			diag_add(d, "MADT lists more than %d CPUs; the rest are not used",
				 MADT_MAX_CPUS);
		return;
	}
	c = &mi->cpus[mi->ncpus++];
	c->type = type;
	c->apic_id = apic;
	c->uid = uid;
	c->enabled = !!(flags & MADT_ENABLED);
	c->online_capable = !c->enabled && (flags & MADT_ONLINE_CAPABLE);
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
	mi->lapic_addr32 = get32(p + 36);
	mi->lapic_addr = mi->lapic_addr32;
	mi->flags = get32(p + 40);

	for (uint32_t off = MADT_HEADER_LEN; off < tlen;) {
		const uint8_t *e = p + off;
		uint8_t type, elen;

		if (tlen - off < 2) {
			diag_add(d, "MADT: a stray byte at offset %u, past the last entry", off);
			break;
		}
		type = e[0];
		elen = e[1];
		if (elen < 2 || elen > tlen - off) {
			diag_add(d,
				 "MADT entry type %u at offset %u: length %u does not fit; "
				 "stopped reading entries",
				 type, off, elen);
			break;
		}
		mi->nentries++;
		if (type == MADT_LOCAL_APIC && elen >= 8)
			add_cpu(mi, type, e[3], e[2], get32(e + 4), off, d);
		else if (type == MADT_LOCAL_X2APIC && elen >= 16)
			add_cpu(mi, type, get32(e + 4), get32(e + 12), get32(e + 8), off, d);
		else if (type == MADT_LAPIC_OVERRIDE && elen >= 12) {
			mi->lapic_addr = get64(e + 4);
			mi->lapic_override = 1;
		} else if (type == MADT_LOCAL_APIC || type == MADT_LOCAL_X2APIC ||
			   type == MADT_LAPIC_OVERRIDE)
			diag_add(d,
				 "MADT entry type %u at offset %u: length %u is too short; skipped",
				 type, off, elen);
		off += elen;
	}
	return 0;
}
