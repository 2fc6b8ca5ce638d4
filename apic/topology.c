/* SPDX-License-Identifier: MIT */
#include "topology.h"

#include "../arch/vendor.h"
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

/*
 * AMD (AMD APM vol. 3, CPUID Fn8000_0008 and Fn8000_001E): 0x80000008 ECX gives the APIC ID
 * bits below the package (ApicIdCoreIdSize, or from NC when that is 0); 0x8000001E, where
 * TopologyExtensions says it exists, the threads per core. Family 15h fills that field with
 * the cores of a compute unit, which thus count as the threads of one core, as in Linux.
 * Without 0x8000001E (K8, family 10h) no AMD part has SMT.
 */
static int from_amd(cpuid_fn fn, struct topology *t)
{
	uint32_t ext = fn(CPUID_LEAF_EXT_MAX, 0).eax, ecx, nc, size;

	if (ext < CPUID_LEAF_EXT_ADDR || ext > CPUID_LEAF_EXT_MAX + 0xffff)
		return 0;
	ecx = fn(CPUID_LEAF_EXT_ADDR, 0).ecx;
	nc = (ecx & CPUID_ADDR_ECX_NC_MASK) + 1;
	size = (ecx >> CPUID_ADDR_ECX_APIC_SIZE_SHIFT) & CPUID_ADDR_ECX_APIC_SIZE_MASK;
	t->pkg_shift = size ? size : ceil_log2(nc);
	t->source = "cpuid-80000008";
	if (ext >= CPUID_LEAF_AMD_TOPO &&
	    (fn(CPUID_LEAF_EXT_FEAT, 0).ecx & CPUID_EXT_ECX_TOPOEXT)) {
		uint32_t ebx = fn(CPUID_LEAF_AMD_TOPO, 0).ebx;

		t->smt_bits = ceil_log2(((ebx >> CPUID_AMD_TOPO_EBX_THREADS_SHIFT) &
					 CPUID_AMD_TOPO_EBX_THREADS_MASK) +
					1);
		t->source = "cpuid-8000001e";
	}
	/* Threads never span packages: a package takes at least the thread bits. */
	if (t->pkg_shift < t->smt_bits)
		t->pkg_shift = t->smt_bits;
	return 1;
}

void topology_detect(cpuid_fn fn, struct topology *t)
{
	struct cpuid_regs l0 = fn(0, 0), l1;
	uint32_t max = l0.eax, logical, cores = 1;
	int amd = cpu_vendor_is_amd(cpu_vendor_of(l0));

	t->smt_bits = 0;
	t->pkg_shift = 0;
	/* Leaf 0xB first on AMD too: Zen 2 and later fill it, and it has the per-level shifts. */
	if (max >= CPUID_LEAF_V2_TOPOLOGY && from_extended(fn, CPUID_LEAF_V2_TOPOLOGY, t)) {
		t->source = "cpuid-1f";
		return;
	}
	if (max >= CPUID_LEAF_TOPOLOGY && from_extended(fn, CPUID_LEAF_TOPOLOGY, t)) {
		t->source = "cpuid-b";
		return;
	}
	if (amd && from_amd(fn, t))
		return;
	l1 = fn(1, 0);
	if (!(l1.edx & CPUID_1_EDX_HTT)) {
		t->source = "cpuid-1-single";
		return;
	}
	/*
	 * Leaf 1 counts logical CPUs per package, leaf 4 cores per package. Leaf 4 is Intel's:
	 * AMD reserves it, and an AMD part that got here has no SMT, so each logical CPU is a core.
	 */
	logical = (l1.ebx >> 16) & 0xff;
	if (amd)
		cores = logical ? logical : 1;
	else if (max >= 4 && (fn(4, 0).eax & 0x1f))
		cores = (fn(4, 0).eax >> 26) + 1;
	if (logical < cores)
		logical = cores;
	t->smt_bits = ceil_log2(logical / cores);
	t->pkg_shift = ceil_log2(logical);
	t->source = max >= 4 && !amd ? "cpuid-1-4" : "cpuid-1";
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
