/* SPDX-License-Identifier: MIT */
#include "acpi.h"

#include "../lib/string.h"

/* Maps a table by its header's length; a table whose header says nonsense is named. */
static const uint8_t *map_table(const struct physmap *pm, uint64_t addr, uint32_t *len,
				struct diag *d)
{
	const uint8_t *h = phys(pm, addr, 36);

	if (!h) {
		diag_add(d, "ACPI table at %#llx is not in mapped memory",
			 (unsigned long long)addr);
		return NULL;
	}
	*len = get32(h + 4);
	if (*len < 36 || *len > ACPI_TABLE_MAX) {
		diag_add(d, "ACPI table %.4s at %#llx: length %u is not believable",
			 (const char *)h, (unsigned long long)addr, *len);
		return NULL;
	}
	h = phys(pm, addr, *len);
	if (!h)
		diag_add(d, "ACPI table at %#llx: its %u bytes are not all mapped",
			 (unsigned long long)addr, *len);
	return h;
}

void acpi_table_at(const uint8_t *h, uint64_t addr, uint32_t len, const char *via,
		   struct acpi_table *t)
{
	t->p = h;
	t->addr = addr;
	t->len = len;
	t->revision = h[8];
	t->checksum_ok = checksum8(h, len) == 0;
	memcpy(t->oem_id, h + 10, 6);
	t->oem_id[6] = '\0';
	/* Padded with spaces by the spec; the log wants one word. */
	for (int i = 0; i < 6; i++)
		if (t->oem_id[i] <= ' ' || t->oem_id[i] > '~')
			t->oem_id[i] = '_';
	for (int i = 5; i >= 0 && t->oem_id[i] == '_'; i--)
		t->oem_id[i] = '\0';
	t->via = via;
}

static int walk(uint64_t root_addr, int xsdt, const struct physmap *pm, const char sig[4],
		struct acpi_table *t, struct diag *d)
{
	unsigned esize = xsdt ? 8 : 4;
	const uint8_t *root;
	uint32_t len;

	root = map_table(pm, root_addr, &len, d);
	if (!root)
		return -1;
	if (memcmp(root, xsdt ? "XSDT" : "RSDT", 4) != 0) {
		diag_add(d, "%s at %#llx has signature %.4s", xsdt ? "XSDT" : "RSDT",
			 (unsigned long long)root_addr, (const char *)root);
		return -1;
	}
	if (checksum8(root, len))
		diag_add(d, "%s checksum is wrong; reading it anyway", xsdt ? "XSDT" : "RSDT");
	for (uint32_t off = 36; off + esize <= len; off += esize) {
		uint64_t a = xsdt ? get64(root + off) : get32(root + off);
		const uint8_t *h = phys(pm, a, 36);
		uint32_t tlen;

		if (!h || memcmp(h, sig, 4) != 0)
			continue;
		h = map_table(pm, a, &tlen, d);
		if (!h)
			return -1;
		acpi_table_at(h, a, tlen, xsdt ? "xsdt" : "rsdt", t);
		return 0;
	}
	diag_add(d, "no %.4s table in the %s", sig, xsdt ? "XSDT" : "RSDT");
	return -1;
}

int acpi_find(const struct rsdp *r, const struct physmap *pm, const char sig[4],
	      struct acpi_table *t, struct diag *d)
{
	if (r->revision >= 2 && r->xsdt) {
		if (walk(r->xsdt, 1, pm, sig, t, d) == 0)
			return 0;
		/* Firmware with a broken XSDT often still has a good RSDT: say so and use it. */
		if (!r->rsdt)
			return -1;
		diag_add(d, "falling back to the RSDT at %#x", r->rsdt);
	}
	return walk(r->rsdt, 0, pm, sig, t, d);
}

int acpi_hpet_base(const struct acpi_table *hpet, uint64_t *base, struct diag *d)
{
	/* The base is a generic address structure at offset 40: space id, widths, then 8 bytes. */
	if (hpet->len < 52) {
		diag_add(d, "HPET table: length %u, needs 52", hpet->len);
		return -1;
	}
	if (hpet->p[40] != 0) {
		diag_add(d, "HPET table: base in address space %u, not memory", hpet->p[40]);
		return -1;
	}
	*base = get64(hpet->p + 44);
	return 0;
}

/* FADT fields: byte offsets and flag bits (ACPI 6.5, section 5.2.9). */
#define FADT_PM_TMR_BLK	     76
#define FADT_PM_TMR_LEN	     91
#define FADT_FLAGS	     112
#define FADT_X_PM_TMR_BLK    208 /* a generic address structure, 12 bytes */
#define FADT_RESET_REG	     116 /* a generic address structure, 12 bytes */
#define FADT_RESET_VALUE     128
#define FADT_TMR_VAL_EXT     (1u << 8)
#define FADT_RESET_REG_SUP   (1u << 10)
#define GAS_ADDRESS	     4 /* the address's offset in a generic address structure */
#define GAS_SPACE_PCI_CONFIG 2
#define FADT_HW_REDUCED_ACPI (1u << 20)
#define GAS_SPACE_SYSTEM_IO  1
#define PM_TMR_LEN_NEEDED    4

int acpi_fadt_pm_timer(const struct acpi_table *fadt, struct acpi_pm_timer *t, struct diag *d)
{
	uint32_t flags, blk;
	uint64_t xblk = 0;

	if (fadt->len < FADT_FLAGS + 4) {
		diag_add(d, "FADT: length %u, needs %u", fadt->len, FADT_FLAGS + 4);
		return -1;
	}
	flags = get32(fadt->p + FADT_FLAGS);
	/* Hardware-reduced ACPI has no fixed hardware, the PM timer among it. */
	if (flags & FADT_HW_REDUCED_ACPI) {
		diag_add(d, "FADT: hardware-reduced ACPI, which has no PM timer");
		return -1;
	}
	blk = get32(fadt->p + FADT_PM_TMR_BLK);
	if (fadt->len >= FADT_X_PM_TMR_BLK + 12)
		xblk = get64(fadt->p + FADT_X_PM_TMR_BLK + 4);
	t->bits = flags & FADT_TMR_VAL_EXT ? 32 : 24;
	/* The 64-bit block supersedes the 32-bit one where it is filled in (the same section). */
	if (xblk) {
		uint8_t space = fadt->p[FADT_X_PM_TMR_BLK];

		if (space != GAS_SPACE_SYSTEM_IO) {
			diag_add(d, "FADT: X_PM_TMR_BLK in address space %u, not I/O", space);
			return -1;
		}
		if (xblk > 0xffff) {
			diag_add(d, "FADT: X_PM_TMR_BLK %#llx is beyond the I/O ports",
				 (unsigned long long)xblk);
			return -1;
		}
		t->port = (uint16_t)xblk;
		t->from = "x_pm_tmr_blk";
		return 0;
	}
	if (!blk) {
		diag_add(d, "FADT: PM_TMR_BLK and X_PM_TMR_BLK are both 0");
		return -1;
	}
	if (blk > 0xffff || fadt->p[FADT_PM_TMR_LEN] != PM_TMR_LEN_NEEDED) {
		diag_add(d, "FADT: PM_TMR_BLK %#x with PM_TMR_LEN %u is no PM timer", blk,
			 fadt->p[FADT_PM_TMR_LEN]);
		return -1;
	}
	t->port = (uint16_t)blk;
	t->from = "pm_tmr_blk";
	return 0;
}

int acpi_fadt_reset(const struct acpi_table *fadt, struct reset_reg *r, struct diag *d)
{
	uint32_t flags;

	if (fadt->revision < 2 || fadt->len < FADT_RESET_VALUE + 1) {
		diag_add(d, "FADT revision %u, length %u: no reset register before revision 2",
			 fadt->revision, fadt->len);
		return -1;
	}
	flags = get32(fadt->p + FADT_FLAGS);
	if (!(flags & FADT_RESET_REG_SUP)) {
		diag_add(d, "FADT: RESET_REG_SUP is clear");
		return -1;
	}
	r->space = fadt->p[FADT_RESET_REG];
	r->addr = get64(fadt->p + FADT_RESET_REG + GAS_ADDRESS);
	r->value = fadt->p[FADT_RESET_VALUE];
	if (r->space > GAS_SPACE_PCI_CONFIG || !r->addr) {
		diag_add(d, "FADT: RESET_REG in address space %u at %#llx", r->space,
			 (unsigned long long)r->addr);
		return -1;
	}
	return 0;
}
