/* SPDX-License-Identifier: MIT */
#include "madt_module.h"

#include "../lib/fmt.h"
#include "../lib/string.h"

/* The ACPI table header (ACPI 6.5 5.2.6) and the MADT's fixed fields after it (5.2.12). */
#define ACPI_HEADER_LEN 36
#define MADT_MIN_LEN	44

/* The module's path: its string's first word, as GRUB and QEMU give it; else its number. */
static void module_name(const struct boot_module *m, unsigned i, char *out, size_t size)
{
	size_t n = 0;

	while (m->string[n] && m->string[n] != ' ' && n + 1 < size)
		n++;
	if (n == 0) {
		fmt_buf(out, size, "module-%u", i + 1);
		return;
	}
	memcpy(out, m->string, n);
	out[n] = '\0';
}

/* Why the module holds no usable MADT, or NULL when it does. */
static const char *check(const uint8_t *p, uint64_t size, char *why, size_t wsize)
{
	uint32_t len;
	char sig[5];

	if (size < ACPI_HEADER_LEN) {
		fmt_buf(why, wsize, "%llu bytes, shorter than an ACPI table header (%u)",
			(unsigned long long)size, ACPI_HEADER_LEN);
		return why;
	}
	for (int i = 0; i < 4; i++)
		sig[i] = p[i] > ' ' && p[i] <= '~' ? (char)p[i] : '?';
	sig[4] = '\0';
	if (memcmp(p, "APIC", 4) != 0) {
		fmt_buf(why, wsize, "signature %s, not APIC: not a MADT", sig);
		return why;
	}
	len = get32(p + 4);
	if (len < MADT_MIN_LEN || len > size) {
		fmt_buf(why, wsize, "header length %u, outside %u..%llu (the module's size)", len,
			MADT_MIN_LEN, (unsigned long long)size);
		return why;
	}
	if (checksum8(p, len) != 0) {
		fmt_buf(why, wsize, "checksum is wrong: the %u bytes sum to %#x, not 0", len,
			checksum8(p, len));
		return why;
	}
	return NULL;
}

int madt_module_find(const struct bootinfo *bi, const struct physmap *pm, struct madt_module *mm)
{
	memset(mm, 0, sizeof(*mm));
	mm->used = -1;
	for (unsigned i = 0; i < bi->nmods; i++) {
		const struct boot_module *m = &bi->mods[i];
		struct madt_refusal *r = &mm->refused[mm->nrefused];
		uint64_t size = m->end - m->start;
		const uint8_t *p = size ? phys(pm, m->start, size) : NULL;
		char name[BOOTINFO_MODARG_MAX];

		module_name(m, i, name, sizeof(name));
		if (!p && size)
			fmt_buf(r->why, sizeof(r->why), "its %llu bytes at %#llx are not mapped",
				(unsigned long long)size, (unsigned long long)m->start);
		else if (mm->used >= 0 && !check(p, size, r->why, sizeof(r->why)))
			fmt_buf(r->why, sizeof(r->why), "a second MADT: the one from %s is used",
				mm->name);
		else if (!check(p, size, r->why, sizeof(r->why))) {
			mm->used = (int)i;
			str_copy(mm->name, name, sizeof(mm->name));
			acpi_table_at(p, m->start, get32(p + 4), "module", &mm->table);
			mm->size = size;
			continue;
		}
		str_copy(r->name, name, sizeof(r->name));
		mm->nrefused++;
	}
	return mm->used >= 0;
}
