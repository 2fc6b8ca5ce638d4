/* SPDX-License-Identifier: MIT */
#include "screen.h"

#include "../arch/identity.h"
#include "../console/screen.h"
#include "../lib/fmt.h"
#include "../lib/string.h"
#include "table.h"

/* The command line without a first word that is no knob (the kernel's file name). */
static const char *knobs_given(const char *line)
{
	const char *p = line, *word;

	while (*p == ' ')
		p++;
	word = p;
	while (*p && *p != ' ' && *p != '=')
		p++;
	if (*p == '=')
		return word;
	while (*p == ' ')
		p++;
	return p;
}

/* Line 0's parts, kept for when the MADT's source is known (cases_screen_madt). */
static int header_case;
static const char *header_knobs = "";

/* The file's name without its folders: the header has one line for all of it. */
static const char *base_name(const char *path)
{
	const char *base = path;

	for (; *path; path++)
		if (*path == '/')
			base = path + 1;
	return base;
}

void cases_screen_madt(const struct cpu_enum *e)
{
	const char *k = *header_knobs ? header_knobs : "no knobs given";

	if (e->module.used >= 0)
		screen_header(0, "smpscope %s | MADT module %s | %s", case_table[header_case].name,
			      base_name(e->module.name), k);
	else if (e->module.nrefused)
		screen_header(0, "smpscope %s | MADT firmware, module %s refused | %s",
			      case_table[header_case].name, base_name(e->module.refused[0].name),
			      k);
}

void screen_show_header(const struct config *cfg, const struct bootinfo *bi)
{
	const char *knobs = knobs_given(bi->cmdline);
	struct cpu_identity id;
	char mem[24] = "";

	cpu_identity_read(&id);
	/* The RAM of the map: under OVMF mem_upper stops at the first hole, 8 MiB up. */
	if (bi->nmmap) {
		uint64_t ram = 0;

		for (unsigned i = 0; i < bi->nmmap; i++)
			if (bi->mmap[i].type == MMAP_RAM)
				ram += bi->mmap[i].len;
		fmt_buf(mem, sizeof(mem), " | %u MiB RAM", (unsigned)(ram >> 20));
	} else if (bi->has_meminfo) {
		fmt_buf(mem, sizeof(mem), " | %u MiB", (unsigned)(bi->mem_upper_kb / 1024 + 1));
	}
	header_case = cfg->case_idx;
	header_knobs = knobs;
	screen_header(0, "smpscope %s | %s", case_table[cfg->case_idx].name,
		      *knobs ? knobs : "no knobs given");
	screen_header(1, "%s | %s, %s%s", id.brand[0] ? id.brand : "unknown CPU",
		      bi->loader[0] ? bi->loader : "unknown loader", bi->efi ? "UEFI" : "BIOS",
		      mem);
}
