/* SPDX-License-Identifier: MIT */
#include "rsdp.h"

#include "../include/hw/bios.h"
#include "../lib/string.h"

int rsdp_check(const uint8_t *p, size_t avail, struct rsdp *out, struct diag *d)
{
	uint32_t len;

	if (avail < 20 || memcmp(p, "RSD PTR ", 8) != 0)
		return -1;
	if (checksum8(p, 20)) {
		if (d)
			diag_add(d, "RSDP: checksum of the first 20 bytes is wrong");
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->revision = p[15];
	out->rsdt = get32(p + 16);
	if (out->revision >= 2) {
		len = avail >= 24 ? get32(p + 20) : 0;
		if (len < 36 || len > avail) {
			if (d)
				diag_add(d,
					 "RSDP rev %u: length %u (needs 36..%zu); using the RSDT",
					 out->revision, len, avail);
			out->revision = 0;
		} else if (checksum8(p, len)) {
			if (d)
				diag_add(d,
					 "RSDP rev %u: extended checksum is wrong; using the RSDT",
					 out->revision);
			out->revision = 0;
		} else {
			out->xsdt = get64(p + 24);
		}
	}
	memcpy(out->raw, p, out->revision >= 2 ? 36 : 20);
	return 0;
}

/* Scans [base, base+len) on 16-byte boundaries, as the ACPI spec places the RSDP. */
static int scan(const struct physmap *pm, uint64_t base, uint32_t len, struct rsdp *out,
		struct diag *d)
{
	for (uint64_t a = base; a + 20 <= base + len; a += 16) {
		const uint8_t *p = phys(pm, a, 20);

		if (!p || memcmp(p, "RSD PTR ", 8) != 0)
			continue;
		if (base + len - a >= 36 && (p = phys(pm, a, 36)) != NULL) {
			if (rsdp_check(p, 36, out, d) == 0)
				goto found;
		} else if (rsdp_check(p, 20, out, d) == 0) {
			goto found;
		}
		continue;
	found:
		out->where = a;
		return 0;
	}
	return -1;
}

int rsdp_find(const struct bootinfo *bi, const struct physmap *pm, struct rsdp *out, struct diag *d)
{
	const uint8_t *ebda_seg;

	if (bi->rsdp_tag) {
		if (rsdp_check(bi->rsdp, bi->rsdp_tag == 15 ? 36 : 20, out, d) == 0) {
			out->how = bi->rsdp_tag == 15 ? "mb2-tag15" : "mb2-tag14";
			return 0;
		}
		diag_add(d, "the loader's RSDP copy (multiboot2 tag %d) is not valid; scanning",
			 bi->rsdp_tag);
	}
	/* The EBDA segment is at 40:0E; the RSDP may be in its first KiB. */
	ebda_seg = phys(pm, BDA_EBDA_SEGMENT, 2);
	if (ebda_seg && get16(ebda_seg) >= 0x1000 && get16(ebda_seg) < 0xa000 &&
	    scan(pm, (uint64_t)get16(ebda_seg) << 4, 1024, out, d) == 0) {
		out->how = "ebda";
		return 0;
	}
	if (scan(pm, BIOS_ROM_BASE, BIOS_ROM_SIZE, out, d) == 0) {
		out->how = "bios-rom";
		return 0;
	}
	diag_add(d, "no valid RSDP in the loader's tags, the EBDA or 0xE0000-0xFFFFF");
	return -1;
}
