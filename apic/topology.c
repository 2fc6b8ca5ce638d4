/* SPDX-License-Identifier: MIT */
#include "topology.h"

#include "../include/hw/cpuid.h"

enum { LEVEL_INVALID = 0, LEVEL_SMT = 1 };

static unsigned ceil_log2(uint32_t n)
{
	unsigned b = 0;

	while (b < 32 && (1ull << b) < n)
		b++;
	return b;
}

/* Leaf 0x1F or 0xB: one subleaf per level, each with the shift to the next level up. */
static int from_extended(cpuid_fn fn, uint32_t leaf, struct topology *t)
{
	int found = 0;

	for (uint32_t sub = 0; sub < 8; sub++) {
		struct cpuid_regs r = fn(leaf, sub);
		unsigned type = (r.ecx >> 8) & 0xff, shift = r.eax & 0x1f;

		if (type == LEVEL_INVALID)
			break;
		if (type == LEVEL_SMT)
			t->smt_bits = shift;
		t->pkg_shift = shift;
		found = 1;
	}
	return found;
}

void topology_detect(cpuid_fn fn, struct topology *t)
{
	uint32_t max = fn(0, 0).eax;
	struct cpuid_regs l1;
	uint32_t logical, cores = 1;

	t->smt_bits = 0;
	t->pkg_shift = 0;
	if (max >= 0x1f && from_extended(fn, 0x1f, t)) {
		t->source = "cpuid-1f";
		return;
	}
	if (max >= CPUID_LEAF_TOPOLOGY && from_extended(fn, CPUID_LEAF_TOPOLOGY, t)) {
		t->source = "cpuid-b";
		return;
	}
	l1 = fn(1, 0);
	if (!(l1.edx & CPUID_1_EDX_HTT)) {
		t->source = "cpuid-1-single";
		return;
	}
	/* Leaf 1 counts logical CPUs per package, leaf 4 cores per package. */
	logical = (l1.ebx >> 16) & 0xff;
	if (max >= 4 && (fn(4, 0).eax & 0x1f))
		cores = (fn(4, 0).eax >> 26) + 1;
	if (logical < cores)
		logical = cores;
	t->smt_bits = ceil_log2(logical / cores);
	t->pkg_shift = ceil_log2(logical);
	t->source = max >= 4 ? "cpuid-1-4" : "cpuid-1";
}

struct cpu_place topology_place(const struct topology *t, uint32_t apic_id)
{
	struct cpu_place p;
	uint32_t core_mask = t->pkg_shift > t->smt_bits
				     ? (uint32_t)((1ull << (t->pkg_shift - t->smt_bits)) - 1)
				     : 0;

	p.smt = apic_id & (uint32_t)((1ull << t->smt_bits) - 1);
	p.core = (apic_id >> t->smt_bits) & core_mask;
	p.pkg = t->pkg_shift >= 32 ? 0 : apic_id >> t->pkg_shift;
	return p;
}
