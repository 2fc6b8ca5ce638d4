/* SPDX-License-Identifier: MIT */
#include "memtype.h"

#include "../include/hw/msr.h"

/* The fixed range's type byte for addr below 1 MiB (SDM vol. 3, 13.11.2.2). */
static unsigned fixed_type(const struct cpu_state *s, uint64_t addr)
{
	unsigned msr, byte;

	if (addr < 0x80000) {
		msr = 0;
		byte = (unsigned)(addr >> 16);
	} else if (addr < 0xc0000) {
		msr = 1 + (unsigned)((addr - 0x80000) >> 17);
		byte = (unsigned)((addr >> 14) & 7);
	} else {
		msr = 3 + (unsigned)((addr - 0xc0000) >> 15);
		byte = (unsigned)((addr >> 12) & 7);
	}
	return (unsigned)(s->fixed[msr] >> (8 * byte)) & 0xff;
}

/* Several variable ranges over one address: UC wins, then WT over WB (SDM vol. 3, 13.11.4.1). */
static unsigned overlap(unsigned a, unsigned b)
{
	if (a == b)
		return a;
	if (a == MEMTYPE_UC || b == MEMTYPE_UC)
		return MEMTYPE_UC;
	if ((a == MEMTYPE_WT && b == MEMTYPE_WB) || (a == MEMTYPE_WB && b == MEMTYPE_WT))
		return MEMTYPE_WT;
	return MEMTYPE_UC; /* undefined by the SDM: taken as the most conservative */
}

unsigned mtrr_type_at(const struct cpu_state *s, uint64_t addr)
{
	uint64_t width = s->phys_bits < 64 ? (1ull << s->phys_bits) - 1 : ~0ull;
	unsigned type = 0x100;

	if (!s->mtrr || !(s->mtrr_def & MTRR_DEF_E))
		return MEMTYPE_UC;
	if (addr < 0x100000 && s->fixed_ok && (s->mtrr_def & MTRR_DEF_FE))
		return fixed_type(s, addr);
	for (unsigned i = 0; i < s->nvar; i++) {
		uint64_t mask = s->var[i].mask & width & ~0xfffull;

		if (!(s->var[i].mask & MTRR_PHYSMASK_VALID) ||
		    (addr & mask) != (s->var[i].base & mask))
			continue;
		type = type == 0x100 ? (unsigned)(s->var[i].base & 0xff)
				     : overlap(type, (unsigned)(s->var[i].base & 0xff));
	}
	return type == 0x100 ? (unsigned)(s->mtrr_def & 0xff) : type;
}

/* Where the type may change next after addr: a fixed range's end, a variable range's edge. */
static uint64_t next_edge(const struct cpu_state *s, uint64_t addr, uint64_t end)
{
	uint64_t width = s->phys_bits < 64 ? (1ull << s->phys_bits) - 1 : ~0ull;
	uint64_t next = end;

	if (addr < 0x100000)
		return addr + 0x1000 < end ? addr + 0x1000 : end;
	for (unsigned i = 0; i < s->nvar; i++) {
		uint64_t mask = s->var[i].mask & width & ~0xfffull, size, base, e;

		if (!(s->var[i].mask & MTRR_PHYSMASK_VALID) || !mask)
			continue;
		/* A contiguous mask: the range is one block; its edges are base and base + size. */
		size = (~mask & width) + 1;
		base = s->var[i].base & mask;
		if (addr < base)
			e = base;
		else if (addr < base + size)
			e = base + size;
		else
			continue;
		if (e < next)
			next = e;
	}
	return next;
}

unsigned mtrr_type_range(const struct cpu_state *s, uint64_t start, uint64_t end, int *uniform)
{
	unsigned type = mtrr_type_at(s, start);

	*uniform = 1;
	for (uint64_t a = next_edge(s, start, end); a < end; a = next_edge(s, a, end)) {
		if (mtrr_type_at(s, a) != type) {
			*uniform = 0;
			break;
		}
	}
	return type;
}

unsigned pat_type_of(uint64_t pat, int pwt, int pcd, int patbit)
{
	unsigned entry = (unsigned)(!!patbit << 2 | !!pcd << 1 | !!pwt);

	return (unsigned)(pat >> (8 * entry)) & 0xff;
}

const char *memtype_name(unsigned type)
{
	switch (type) {
	case MEMTYPE_UC:
		return "UC";
	case MEMTYPE_WC:
		return "WC";
	case MEMTYPE_WT:
		return "WT";
	case MEMTYPE_WP:
		return "WP";
	case MEMTYPE_WB:
		return "WB";
	case MEMTYPE_UC_MINUS:
		return "UC-";
	default:
		return "reserved";
	}
}

static int is_memory(uint32_t type)
{
	return type == MMAP_RAM || type == MMAP_ACPI || type == MMAP_NVS;
}

enum mem_class mem_class_of(const struct mmap_entry *m, unsigned n, uint64_t start, uint64_t end)
{
	uint64_t at = start;
	int memory = 0, other = 0, progress = 1;

	for (unsigned i = 0; i < n; i++) {
		if (m[i].len == 0 || m[i].base + m[i].len <= start || m[i].base >= end)
			continue;
		if (is_memory(m[i].type))
			memory = 1;
		else
			other = 1;
	}
	if (!memory)
		return MEM_NONE;
	if (other)
		return MEM_MIXED;
	/* Only memory touches it: does it cover the range from start to end? */
	while (at < end && progress) {
		progress = 0;
		for (unsigned i = 0; i < n; i++) {
			if (is_memory(m[i].type) && m[i].base <= at && m[i].base + m[i].len > at) {
				at = m[i].base + m[i].len;
				progress = 1;
			}
		}
	}
	return at >= end ? MEM_ALL : MEM_MIXED;
}

enum memtype_conflict memtype_judge(const struct cpu_state *s, const struct mmap_entry *m,
				    unsigned n, uint64_t start, uint64_t size, unsigned pat_type)
{
	int uniform,
		cached = pat_type == MEMTYPE_WB || pat_type == MEMTYPE_WT || pat_type == MEMTYPE_WP;

	/*
	 * SDM vol. 3, 13.11.9: a large page over several MTRR types behaves in an undefined
	 * way unless its own type is the most conservative one, UC.
	 */
	if (size > 0x1000 && pat_type != MEMTYPE_UC && pat_type != MEMTYPE_UC_MINUS) {
		(void)mtrr_type_range(s, start, start + size, &uniform);
		if (!uniform)
			return MEMTYPE_SPANS;
	}
	if (cached && mem_class_of(m, n, start, start + size) != MEM_ALL)
		return MEMTYPE_CACHED_IO;
	return MEMTYPE_OK;
}
