/* SPDX-License-Identifier: MIT */
#include "smbios.h"

#include "../lib/string.h"

/* Entry point layouts (DMTF SMBIOS 3.x, "Entry Point Structure"). */
#define EP2_LEN_MIN	0x1e /* 2.1 documents 0x1E by mistake for 0x1F; both are seen */
#define EP2_DMI		0x10 /* "_DMI_", its checksum over 15 bytes from here */
#define EP2_TABLE_LEN	0x16
#define EP2_TABLE_ADDR	0x18
#define EP3_LEN		0x18
#define EP3_TABLE_MAX	0x0c
#define EP3_TABLE_ADDR	0x10
#define TYPE_BIOS_INFO	0
#define TYPE_END	127
#define BIOS_VENDOR_STR 4 /* type 0: the vendor's string number */

struct table {
	uint64_t addr;
	uint32_t len;
};

static int ep3(const struct physmap *pm, uint64_t a, struct table *t)
{
	const uint8_t *p = phys(pm, a, EP3_LEN);

	if (!p || memcmp(p, "_SM3_", 5) != 0 || p[6] < EP3_LEN || checksum8(p, p[6]) != 0)
		return -1;
	t->addr = get64(p + EP3_TABLE_ADDR);
	t->len = get32(p + EP3_TABLE_MAX);
	return 0;
}

static int ep2(const struct physmap *pm, uint64_t a, struct table *t)
{
	const uint8_t *p = phys(pm, a, EP2_LEN_MIN);

	if (!p || memcmp(p, "_SM_", 4) != 0 || p[5] < EP2_LEN_MIN)
		return -1;
	p = phys(pm, a, p[5]);
	if (!p || checksum8(p, p[5]) != 0 || memcmp(p + EP2_DMI, "_DMI_", 5) != 0 ||
	    checksum8(p + EP2_DMI, 15) != 0)
		return -1;
	t->addr = get32(p + EP2_TABLE_ADDR);
	t->len = get16(p + EP2_TABLE_LEN);
	return 0;
}

static int find(const struct physmap *pm, uint64_t base, size_t len,
		int (*try)(const struct physmap *, uint64_t, struct table *), struct table *t)
{
	for (uint64_t a = base; a + 16 <= base + len; a += 16)
		if (try(pm, a, t) == 0)
			return 0;
	return -1;
}

/* String n (from 1) of the set [s, end), whose last string ends at end - 1; NULL if none. */
static const char *string_n(const uint8_t *s, const uint8_t *end, unsigned n)
{
	if (n == 0)
		return NULL;
	while (s < end && *s) {
		if (--n == 0)
			return (const char *)s;
		while (s < end && *s)
			s++;
		s++;
	}
	return NULL;
}

static int vendor_of(const uint8_t *t, uint32_t len, char *vendor, size_t size)
{
	uint32_t off = 0;

	while (off + 4 <= len) {
		uint8_t type = t[off], hlen = t[off + 1];
		const uint8_t *s = t + off + hlen, *end;

		if (hlen < 4 || hlen > len - off)
			return -1;
		/* The strings end at the first double NUL (a set with no strings is just that). */
		for (end = s; end + 1 < t + len && (end[0] || end[1]); end++)
			;
		if (end + 1 >= t + len)
			return -1;
		if (type == TYPE_BIOS_INFO) {
			const char *v = hlen > BIOS_VENDOR_STR
						? string_n(s, end + 1, t[off + BIOS_VENDOR_STR])
						: NULL;
			size_t i = 0;

			if (!v || !size)
				return -1;
			for (; v[i] && i + 1 < size; i++)
				vendor[i] = v[i] >= ' ' && v[i] < 0x7f ? v[i] : '?';
			vendor[i] = '\0';
			return 0;
		}
		if (type == TYPE_END)
			return -1;
		off = (uint32_t)(end + 2 - t);
	}
	return -1;
}

int smbios_bios_vendor(const struct physmap *pm, uint64_t base, size_t len, char *vendor,
		       size_t size)
{
	struct table t;
	const uint8_t *p;

	if (find(pm, base, len, ep3, &t) && find(pm, base, len, ep2, &t))
		return -1;
	if (t.len > SMBIOS_TABLE_MAX)
		t.len = SMBIOS_TABLE_MAX;
	p = phys(pm, t.addr, t.len);
	return p ? vendor_of(p, t.len, vendor, size) : -1;
}
