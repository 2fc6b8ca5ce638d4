/* SPDX-License-Identifier: MIT */
/*
 * The image's own MADT parser (apic/madt.c) run on a table from a live
 * machine: /sys/firmware/acpi/tables/APIC as it is, or the `APIC @ 0x...`
 * block of `acpidump` text. Which of the two a file is, is told by its first
 * bytes; anything else is named and refused (exit 2), never half read.
 */
#include "madt.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../apic/madt.h"
#include "output.h"

/* Far above any MADT (1024 x2APIC entries are 16 KiB); a bigger file is not one table. */
#define MADT_FILE_MAX (4u << 20)

static int refuse(const char *path, const char *why)
{
	fprintf(stderr, "smpscope-report madt: %s: %s\n", path, why);
	return 2;
}

/* Whole file into buf; -1 when it cannot be read or is too big to be a table. */
static long slurp(const char *path, uint8_t **buf)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0, cap = 4096;

	*buf = NULL;
	if (!f)
		return -1;
	for (size_t got = 1; got > 0; n += got) {
		if (n == cap || !*buf) {
			uint8_t *more =
				n < MADT_FILE_MAX ? realloc(*buf, *buf ? cap *= 2 : cap) : NULL;

			if (!more) {
				fclose(f);
				return n < MADT_FILE_MAX ? -1 : -2;
			}
			*buf = more;
		}
		got = fread(*buf + n, 1, cap - n, f);
	}
	fclose(f);
	return (long)n;
}

/*
 * The bytes of the first `APIC @ 0x...` block of acpidump text: lines
 * `    OFFS: HH HH ... HH  ascii`, ending at the first line that is not one.
 * Returns the byte count, or -1 with *why set.
 */
static long from_acpidump(const char *text, uint8_t *out, size_t cap, const char **why)
{
	const char *p = strstr(text, "APIC @ 0x");
	size_t n = 0;

	while (p && p != text && p[-1] != '\n')
		p = strstr(p + 1, "APIC @ 0x");
	if (!p) {
		*why = "neither a raw MADT (it starts with \"APIC\") nor acpidump text with an "
		       "\"APIC @ 0x...\" table";
		return -1;
	}
	p = strchr(p, '\n');
	while (p && *++p) {
		const char *line = p, *colon;
		unsigned long off;
		char *end;

		while (*line == ' ' || *line == '\t')
			line++;
		off = strtoul(line, &end, 16);
		colon = end;
		if (end == line || *colon != ':')
			break;
		if (off != n) {
			*why = "acpidump APIC block: a hex line's offset does not follow the last";
			return -1;
		}
		/* At most 16 bytes a line, each " HH"; two spaces then the ASCII column end them.
		 */
		for (const char *q = colon + 1;
		     n - off < 16 && q[0] == ' ' && isxdigit((unsigned char)q[1]) &&
		     isxdigit((unsigned char)q[2]);
		     q += 3) {
			if (n >= cap) {
				*why = "acpidump APIC block: longer than any MADT";
				return -1;
			}
			out[n++] = (uint8_t)strtoul((char[]){ q[1], q[2], 0 }, NULL, 16);
		}
		if (n == off) {
			*why = "acpidump APIC block: a hex line without bytes";
			return -1;
		}
		p = strchr(p, '\n');
	}
	if (n == 0) {
		*why = "acpidump APIC block: no hex lines after \"APIC @ 0x...\"";
		return -1;
	}
	return (long)n;
}

/* The findings (want 1) or the notes (want 0): count, then one line each with its rule. */
static void print_oddities_text(const struct madt_info *mi, int want, const char *title)
{
	char text[256];
	int n = 0;

	for (int k = 0; k < MADT_NODDITIES; k++)
		n += mi->odd[k].count && madt_is_finding((enum madt_oddity)k) == want;
	printf("%s: %d\n", title, n);
	for (int k = 0; k < MADT_NODDITIES; k++) {
		if (!mi->odd[k].count || madt_is_finding((enum madt_oddity)k) != want)
			continue;
		madt_oddity_text(mi, (enum madt_oddity)k, text, sizeof(text));
		printf("  %s: %s; rule: %s\n", madt_oddity_names[k], text, madt_oddity_rules[k]);
		if (want)
			printf("    Linux: %s\n", madt_oddity_linux[k]);
	}
}

static void print_madt_text(const struct madt_info *mi, const struct diag *d, const char *form)
{
	printf("MADT revision %u (%s), checksum %s, local APIC at %#llx%s\n", mi->revision, form,
	       mi->checksum_ok ? "ok" : "WRONG", (unsigned long long)mi->lapic_addr,
	       mi->lapic_override ? " (type-5 override)" : "");
	printf("usable CPUs, in MADT order (the image kicks the enabled ones): %u\n", mi->ncpus);
	printf("  %-4s %-10s %-10s %-6s %-7s %s\n", "n", "apic", "uid", "type", "enabled",
	       "online_capable");
	for (unsigned i = 0; i < mi->ncpus; i++) {
		const struct madt_cpu *c = &mi->cpus[i];

		printf("  %-4u %-#10x %-10u %-6s %-7u %u\n", i, c->apic_id, c->uid,
		       madt_type_name(c->type), c->enabled, c->online_capable);
	}
	printf("ignored entries (never kicked, never a problem): %u\n",
	       mi->nignored + mi->ignored_dropped);
	for (unsigned i = 0; i < mi->nignored; i++) {
		const struct madt_cpu *c = &mi->ignored[i];

		printf("  offset %-5u apic %-#10x uid %-6u %-6s flags %#x: %s\n", c->off,
		       c->apic_id, c->uid, madt_type_name(c->type), c->flags,
		       madt_ignore_names[c->reason]);
	}
	printf("problems (firmware bugs; probe's madt_valid fails): %u\n", d->count + d->dropped);
	for (unsigned i = 0; i < d->count; i++)
		printf("  %s\n", d->msg[i]);
	print_oddities_text(mi, 1, "findings (Linux warns too)");
	print_oddities_text(mi, 0, "notes (legal, Linux silent)");
	printf("not known from the table, so the image checks them on the machine: which CPU "
	       "boots (bsp-not-first), the APIC mode (xapic-unreachable: IDs above 0xfe need "
	       "x2APIC), and CPUID's package size (hotplug-in-present-package)\n");
}

/* ,\n "findings": [...] or the notes; a finding also carries the line Linux prints. */
static void print_oddities_json(const struct madt_info *mi, int want, const char *key)
{
	char text[256];
	const char *sep = "";

	printf(",\n \"%s\": [", key);
	for (int k = 0; k < MADT_NODDITIES; k++) {
		if (!mi->odd[k].count || madt_is_finding((enum madt_oddity)k) != want)
			continue;
		madt_oddity_text(mi, (enum madt_oddity)k, text, sizeof(text));
		printf("%s\n  {\"kind\": \"%s\", \"count\": %u, \"apic\": %u, \"offset\": %u, "
		       "\"rule\": ",
		       sep, madt_oddity_names[k], mi->odd[k].count, mi->odd[k].value,
		       mi->odd[k].off);
		json_string(stdout, madt_oddity_rules[k]);
		if (want) {
			printf(", \"linux\": ");
			json_string(stdout, madt_oddity_linux[k]);
		}
		printf(", \"text\": ");
		json_string(stdout, text);
		printf("}");
		sep = ",";
	}
	printf("]");
}

static void print_madt_json(const struct madt_info *mi, const struct diag *d, const char *form)
{
	printf("{\"input\": \"%s\", \"revision\": %u, \"checksum_ok\": %s, \"lapic_addr\": %llu,\n",
	       form, mi->revision, mi->checksum_ok ? "true" : "false",
	       (unsigned long long)mi->lapic_addr);
	printf(" \"cpus\": [");
	for (unsigned i = 0; i < mi->ncpus; i++) {
		const struct madt_cpu *c = &mi->cpus[i];

		printf("%s\n  {\"apic\": %u, \"uid\": %u, \"type\": %u, \"enabled\": %s, "
		       "\"online_capable\": %s}",
		       i ? "," : "", c->apic_id, c->uid, c->type, c->enabled ? "true" : "false",
		       c->online_capable ? "true" : "false");
	}
	printf("],\n \"ignored\": [");
	for (unsigned i = 0; i < mi->nignored; i++) {
		const struct madt_cpu *c = &mi->ignored[i];

		printf("%s\n  {\"apic\": %u, \"uid\": %u, \"type\": %u, \"flags\": %u, \"offset\": "
		       "%u, "
		       "\"reason\": \"%s\"}",
		       i ? "," : "", c->apic_id, c->uid, c->type, c->flags, c->off,
		       madt_ignore_names[c->reason]);
	}
	printf("],\n \"ignored_not_listed\": %u,\n \"problems\": [", mi->ignored_dropped);
	for (unsigned i = 0; i < d->count; i++) {
		printf("%s", i ? ", " : "");
		json_string(stdout, d->msg[i]);
	}
	printf("]");
	print_oddities_json(mi, 1, "findings");
	print_oddities_json(mi, 0, "notes");
	printf("}\n");
}

int report_madt(int argc, char **argv)
{
	static struct madt_info mi;
	struct diag d = { 0 };
	const char *path = NULL, *form = "raw", *why = NULL;
	int json = 0, rc;
	uint8_t *buf = NULL, *table;
	long n;

	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else
			return refuse(argv[i], "usage: smpscope-report madt FILE [--json]");
	if (!path)
		return refuse("(none)", "usage: smpscope-report madt FILE [--json]");
	n = slurp(path, &buf);
	if (n < 0) {
		free(buf);
		return refuse(path, n == -2 ? "bigger than 4 MiB: not a MADT nor one acpidump"
					    : "cannot be read");
	}
	if (n == 0) {
		free(buf);
		return refuse(path, "empty file");
	}
	table = buf;
	/* acpidump text of an MADT-only dump starts with "APIC @ 0x" too. */
	if (n < 4 || memcmp(buf, "APIC", 4) != 0 || (n >= 7 && !memcmp(buf, "APIC @ ", 7))) {
		char *text = malloc((size_t)n + 1);

		table = malloc((size_t)n);
		if (!text || !table) {
			free(text);
			free(table);
			free(buf);
			return refuse(path, "out of memory");
		}
		memcpy(text, buf, (size_t)n);
		text[n] = '\0';
		n = from_acpidump(text, table, (size_t)n, &why);
		free(text);
		form = "acpidump";
	}
	if (n < 0 || madt_parse(table, (size_t)n, &mi, &d)) {
		rc = refuse(path, why ? why : d.msg[0]);
	} else {
		if (json)
			print_madt_json(&mi, &d, form);
		else
			print_madt_text(&mi, &d, form);
		rc = d.count || d.dropped ? 1 : 0;
	}
	if (table != buf)
		free(table);
	free(buf);
	return rc;
}
