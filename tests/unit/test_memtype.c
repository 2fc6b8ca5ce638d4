/* SPDX-License-Identifier: MIT */
/*
 * Memory types (arch/memtype.c, docs/hardware.md "Memory types") from the MTRR states firmware
 * leaves under QEMU, as read by rdmsr: SeaBIOS's WB default with 3-4 GiB UC and C0000-FFFFF
 * WP, qboot's MTRRs off; then the memory map's classes and the audit's two conflicts.
 */
#include "../../arch/memtype.h"
#include "../../include/hw/msr.h"
#include "unit.h"

/* SeaBIOS on q35, 512 MiB: default WB, fixed 0-9FFFF WB, A0000-BFFFF UC, C0000-FFFFF WP. */
static void seabios(struct cpu_state *s)
{
	memset(s, 0, sizeof(*s));
	s->mtrr = 1;
	s->fixed_ok = 1;
	s->phys_bits = 40;
	s->mtrr_def = MTRR_DEF_E | MTRR_DEF_FE | MEMTYPE_WB;
	s->fixed[0] = 0x0606060606060606ull;
	s->fixed[1] = 0x0606060606060606ull;
	s->fixed[2] = 0;
	for (int i = 3; i < MTRR_FIXED_MSRS; i++)
		s->fixed[i] = 0x0505050505050505ull;
	s->nvar = 8;
	s->var[0].base = 0xc0000000ull | MEMTYPE_UC;
	s->var[0].mask = 0xffc0000000ull | MTRR_PHYSMASK_VALID;
	/* A range with its valid bit clear holds anything: it must not count. */
	s->var[1].base = 0x1000ull | MEMTYPE_UC;
	s->var[1].mask = 0xfffffff000ull;
}

static const struct mmap_entry map[] = {
	{ 0, 0x9fc00, MMAP_RAM },
	{ 0x9fc00, 0x400, MMAP_RESERVED },
	{ 0xf0000, 0x10000, MMAP_RESERVED },
	{ 0x100000, 0x1fedf000, MMAP_RAM },
	{ 0x1ffdf000, 0x21000, MMAP_RESERVED },
};
#define NMAP (sizeof(map) / sizeof(map[0]))

static void test_mtrr_types(void)
{
	struct cpu_state s;
	int uniform;

	seabios(&s);
	CHECK_INT((int)mtrr_type_at(&s, 0x8000), MEMTYPE_WB, "fixed_wb_low");
	CHECK_INT((int)mtrr_type_at(&s, 0xb8000), MEMTYPE_UC, "fixed_uc_vga");
	CHECK_INT((int)mtrr_type_at(&s, 0xf8000), MEMTYPE_WP, "fixed_wp_rom");
	CHECK_INT((int)mtrr_type_at(&s, 0x200000), MEMTYPE_WB, "default_wb");
	CHECK_INT((int)mtrr_type_at(&s, 0xfee00000), MEMTYPE_UC, "variable_uc");
	CHECK_INT((int)mtrr_type_at(&s, 0x1000), MEMTYPE_WB, "invalid_range_ignored");
	(void)mtrr_type_range(&s, 0, 0x200000, &uniform);
	CHECK_INT(uniform, 0, "first_2m_mixed");
	(void)mtrr_type_range(&s, 0x200000, 0x400000, &uniform);
	CHECK_INT(uniform, 1, "ram_2m_uniform");
	(void)mtrr_type_range(&s, 0xbfe00000, 0xc0200000, &uniform);
	CHECK_INT(uniform, 0, "edge_of_3g_mixed");
	(void)mtrr_type_range(&s, 0xc0000000, 0xc0200000, &uniform);
	CHECK_INT(uniform, 1, "inside_uc_range_uniform");
	/* qboot: MTRRs off, everything UC and uniform. */
	s.mtrr_def = 0;
	CHECK_INT((int)mtrr_type_at(&s, 0x200000), MEMTYPE_UC, "mtrrs_off_uc");
	(void)mtrr_type_range(&s, 0, 0x200000, &uniform);
	CHECK_INT(uniform, 1, "mtrrs_off_uniform");
	/* Two ranges over one address: UC wins; WT over WB. */
	seabios(&s);
	s.var[2].base = 0x40000000ull | MEMTYPE_WT;
	s.var[2].mask = 0xffc0000000ull | MTRR_PHYSMASK_VALID;
	s.var[3].base = 0x40000000ull | MEMTYPE_WB;
	s.var[3].mask = 0xfff0000000ull | MTRR_PHYSMASK_VALID;
	CHECK_INT((int)mtrr_type_at(&s, 0x40000000), MEMTYPE_WT, "overlap_wt_over_wb");
}

static void test_pat(void)
{
	CHECK_INT((int)pat_type_of(PAT_POWER_ON, 0, 0, 0), MEMTYPE_WB, "pat_entry0_wb");
	CHECK_INT((int)pat_type_of(PAT_POWER_ON, 1, 1, 0), MEMTYPE_UC, "pat_entry3_uc");
	CHECK_INT((int)pat_type_of(0x0007040100070406ull, 0, 0, 1), MEMTYPE_WC, "pat_entry4_wc");
	CHECK_STR(memtype_name(MEMTYPE_UC_MINUS), "UC-", "name_uc_minus");
}

static void test_classes(void)
{
	static const struct mmap_entry nested[] = {
		{ 0x100000, 0x1000000, MMAP_RAM },
		{ 0x800000, 0x1000, MMAP_RESERVED },
	};

	CHECK_INT(mem_class_of(map, NMAP, 0x200000, 0x400000), MEM_ALL, "ram_all");
	CHECK_INT(mem_class_of(map, NMAP, 0x9f000, 0xa0000), MEM_MIXED, "ebda_page_mixed");
	CHECK_INT(mem_class_of(map, NMAP, 0xa0000, 0xa1000), MEM_NONE, "vga_hole_none");
	CHECK_INT(mem_class_of(map, NMAP, 0x1fe00000, 0x20000000), MEM_MIXED, "ram_end_mixed");
	CHECK_INT(mem_class_of(map, NMAP, 0xb0000000, 0xb0200000), MEM_NONE, "hole_none");
	CHECK_INT(mem_class_of(nested, 2, 0x800000, 0xa00000), MEM_MIXED, "reserved_inside_ram");
	CHECK_INT(mem_class_of(map, NMAP, 0, 0x1000), MEM_ALL, "page0_ram");
}

static void test_judge(void)
{
	struct cpu_state s;

	seabios(&s);
	CHECK_INT(memtype_judge(&s, map, NMAP, 0x200000, 0x200000, MEMTYPE_WB), MEMTYPE_OK,
		  "ram_large_wb_ok");
	CHECK_INT(memtype_judge(&s, map, NMAP, 0, 0x200000, MEMTYPE_WB), MEMTYPE_SPANS,
		  "first_2m_large_wb_spans");
	CHECK_INT(memtype_judge(&s, map, NMAP, 0, 0x200000, MEMTYPE_UC), MEMTYPE_OK,
		  "first_2m_large_uc_allowed");
	CHECK_INT(memtype_judge(&s, map, NMAP, 0xa0000, 0x1000, MEMTYPE_WB), MEMTYPE_CACHED_IO,
		  "vga_wb_cached_io");
	CHECK_INT(memtype_judge(&s, map, NMAP, 0xa0000, 0x1000, MEMTYPE_UC), MEMTYPE_OK,
		  "vga_uc_ok");
	CHECK_INT(memtype_judge(&s, map, NMAP, 0xfd000000, 0x200000, MEMTYPE_WC), MEMTYPE_OK,
		  "framebuffer_wc_ok");
	/* One 4 KiB UC range inside RAM: the 2 MiB page over it spans two types. */
	s.var[4].base = 0x301000ull | MEMTYPE_UC;
	s.var[4].mask = 0xfffffff000ull | MTRR_PHYSMASK_VALID;
	CHECK_INT(memtype_judge(&s, map, NMAP, 0x200000, 0x200000, MEMTYPE_WB), MEMTYPE_SPANS,
		  "wb_over_a_uc_hole_spans");
	CHECK_INT(memtype_judge(&s, map, NMAP, 0x301000, 0x1000, MEMTYPE_WB), MEMTYPE_OK,
		  "wb_4k_page_never_spans");
	CHECK_INT(memtype_judge(&s, map, NMAP, 0x80000000, 0x200000, MEMTYPE_WB), MEMTYPE_CACHED_IO,
		  "wb_over_hole_cached_io");
}

int main(void)
{
	unit_begin();
	test_mtrr_types();
	test_pat();
	test_classes();
	test_judge();
	return unit_done();
}
