/* SPDX-License-Identifier: MIT */
/*
 * Package, core and thread from CPUID (apic/topology.c), through a fake
 * CPUID table. The e2e tests compare the image's places with QEMU's -smp;
 * here each leaf path is driven on its own, including the ones QEMU's
 * default CPUs never take (leaf 0x1F, the legacy leaf 1/4 count).
 */
#include "../../apic/topology.h"
#include "unit.h"

#define ANY_SUB 0xffffffffu

struct leaf {
	uint32_t leaf, sub;
	struct cpuid_regs r;
};

#define L(leaf, sub, a, b, c, d)                                                                   \
	{                                                                                          \
		leaf, sub,                                                                         \
		{                                                                                  \
			a, b, c, d                                                                 \
		}                                                                                  \
	}
/* Extended topology subleaf: eax shift to the next level, ebx CPUs at this level, ecx type. */
#define X(leaf, sub, shift, count, type) L(leaf, sub, shift, count, (type) << 8 | (sub), 0)

static const struct leaf *cur;
static size_t ncur;

/* CPUID as the table says; a leaf or subleaf it lacks reads as zeros, like a real CPU. */
static struct cpuid_regs fake_cpuid(uint32_t leaf, uint32_t sub)
{
	for (size_t i = 0; i < ncur; i++)
		if (cur[i].leaf == leaf && (cur[i].sub == sub || cur[i].sub == ANY_SUB))
			return cur[i].r;
	return (struct cpuid_regs){ 0, 0, 0, 0 };
}

#define DETECT(table, t) detect(table, sizeof(table) / sizeof(table[0]), t, #table)

static void detect(const struct leaf *table, size_t n, struct topology *t, const char *label)
{
	cur = table;
	ncur = n;
	/* Leftovers from a previous call must not survive. */
	t->smt_bits = 99;
	t->pkg_shift = 99;
	t->source = NULL;
	unit_at(label);
	topology_detect(fake_cpuid, t);
}

static void layout(const struct topology *t, unsigned smt, unsigned pkg, const char *source,
		   const char *name)
{
	CHECK(t->smt_bits == smt && t->pkg_shift == pkg && t->source && !strcmp(t->source, source),
	      name, "smt_bits=%u pkg_shift=%u source=%s, want %u %u %s", t->smt_bits, t->pkg_shift,
	      t->source ? t->source : "NULL", smt, pkg, source);
}

static void place(const struct topology *t, uint32_t apic, uint32_t pkg, uint32_t core,
		  uint32_t smt, const char *name)
{
	struct cpu_place p = topology_place(t, apic);

	CHECK(p.pkg == pkg && p.core == core && p.smt == smt, name,
	      "APIC %#x: pkg %u core %u smt %u, want %u %u %u", apic, p.pkg, p.core, p.smt, pkg,
	      core, smt);
}

/* QEMU -smp 28,sockets=1,cores=14,threads=2 on a Haswell model: max leaf 0xd, leaf 0xB. */
static const struct leaf qemu_haswell[] = {
	L(0, 0, 0xd, 0, 0, 0),
	/* Leaf 1 and 4 say something else on purpose: leaf 0xB must win. */
	L(1, 0, 0, 64 << 16, 0, 1u << 28),
	L(4, 0, (3u << 26) | 1, 0, 0, 0),
	X(0xb, 0, 1, 2, 1),
	X(0xb, 1, 5, 28, 2),
	X(0xb, 2, 0, 0, 0),
};

/* A hybrid-era part: leaf 0x1F adds a die level above the cores; leaf 0xB stops at cores. */
static const struct leaf with_1f[] = {
	L(0, 0, 0x1f, 0, 0, 0), X(0x1f, 0, 1, 2, 1), X(0x1f, 1, 4, 16, 2), X(0x1f, 2, 6, 64, 5),
	X(0x1f, 3, 0, 0, 0),	X(0xb, 0, 1, 2, 1),  X(0xb, 1, 4, 16, 2),
};

/* Max leaf 0x1F, but leaf 0x1F empty (as on CPUs that only fill leaf 0xB). */
static const struct leaf empty_1f[] = {
	L(0, 0, 0x1f, 0, 0, 0),
	X(0xb, 0, 1, 2, 1),
	X(0xb, 1, 3, 8, 2),
};

/* Leaf 0xB present, but the max leaf says it is not there. */
static const struct leaf legacy_1_4[] = {
	L(0, 0, 0xa, 0, 0, 0),
	L(1, 0, 0, 16 << 16, 0, 1u << 28),
	L(4, 0, (7u << 26) | 1, 0, 0, 0),
	X(0xb, 0, 1, 2, 1),
	X(0xb, 1, 5, 28, 2),
};

static const struct leaf legacy_1_only[] = {
	L(0, 0, 1, 0, 0, 0),
	L(1, 0, 0, 4 << 16, 0, 1u << 28),
	L(4, 0, (1u << 26) | 1, 0, 0, 0),
};

/* Leaf 4 subleaf 0 of cache type 0 (no cache info): its core count is not believed. */
static const struct leaf leaf4_null[] = {
	L(0, 0, 4, 0, 0, 0),
	L(1, 0, 0, 8 << 16, 0, 1u << 28),
	L(4, 0, 7u << 26, 0, 0, 0),
};

/* 12 logical, 6 cores: counts that are no power of two round up to whole bits. */
static const struct leaf odd_counts[] = {
	L(0, 0, 4, 0, 0, 0),
	L(1, 0, 0, 12 << 16, 0, 1u << 28),
	L(4, 0, (5u << 26) | 1, 0, 0, 0),
};

static const struct leaf htt_zero[] = {
	L(0, 0, 1, 0, 0, 0),
	L(1, 0, 0, 0, 0, 1u << 28),
};

static const struct leaf no_htt[] = {
	L(0, 0, 0xd, 0, 0, 0),
	L(1, 0, 0, 8 << 16, 0, 0),
};

/* Leaf 0xB with no SMT level: the first subleaf is already the core level. */
static const struct leaf no_smt_level[] = {
	L(0, 0, 0xb, 0, 0, 0),
	X(0xb, 0, 3, 8, 2),
};

/* A broken leaf 0xB that never reports the invalid level: must still end. */
static const struct leaf endless_b[] = {
	L(0, 0, 0xb, 0, 0, 0),
	L(0xb, ANY_SUB, 2, 4, 1 << 8, 0),
};

static void test_leaf_b(void)
{
	struct topology t;

	DETECT(qemu_haswell, &t);
	layout(&t, 1, 5, "cpuid-b", "leaf 0xB: SMT shift 1, core shift 5");
	place(&t, 0x1b, 0, 13, 1, "QEMU 14x2: APIC 0x1b is pkg 0 core 13 smt 1");
	place(&t, 0x1a, 0, 13, 0, "QEMU 14x2: APIC 0x1a is pkg 0 core 13 smt 0");
	place(&t, 0x21, 1, 0, 1, "QEMU 14x2: APIC 0x21 is pkg 1 core 0 smt 1");
	place(&t, 0, 0, 0, 0, "QEMU 14x2: APIC 0 is pkg 0 core 0 smt 0");

	DETECT(empty_1f, &t);
	layout(&t, 1, 3, "cpuid-b", "max leaf 0x1F, leaf 0x1F empty: leaf 0xB used");
	DETECT(no_smt_level, &t);
	layout(&t, 0, 3, "cpuid-b", "leaf 0xB without an SMT level: no SMT bits");
	place(&t, 0x15, 2, 5, 0, "no SMT level: APIC 0x15 is pkg 2 core 5");
	DETECT(endless_b, &t);
	layout(&t, 2, 2, "cpuid-b", "leaf 0xB without an end level: read 8 subleaves, ended");
}

static void test_leaf_1f(void)
{
	struct topology t;

	DETECT(with_1f, &t);
	layout(&t, 1, 6, "cpuid-1f", "leaf 0x1F preferred, die level counted below the package");
	place(&t, 0x45, 1, 2, 1, "leaf 0x1F: APIC 0x45 is pkg 1 core 2 smt 1");
	place(&t, 0x3f, 0, 31, 1, "leaf 0x1F: APIC 0x3f is pkg 0 core 31 (die 3, core 7) smt 1");
}

static void test_legacy(void)
{
	struct topology t;

	DETECT(legacy_1_4, &t);
	layout(&t, 1, 4, "cpuid-1-4", "leaf 1/4: 16 logical, 8 cores: SMT 1 bit, package 4 bits");
	place(&t, 0x13, 1, 1, 1, "leaf 1/4: APIC 0x13 is pkg 1 core 1 smt 1");
	place(&t, 0x0e, 0, 7, 0, "leaf 1/4: APIC 0x0e is pkg 0 core 7 smt 0");

	DETECT(legacy_1_only, &t);
	layout(&t, 2, 2, "cpuid-1", "leaf 1 only: 4 logical, all threads of one core");
	place(&t, 6, 1, 0, 2, "leaf 1 only: APIC 6 is pkg 1 core 0 smt 2");

	DETECT(leaf4_null, &t);
	layout(&t, 3, 3, "cpuid-1-4", "leaf 4 of cache type 0: one core assumed");

	DETECT(odd_counts, &t);
	layout(&t, 1, 4, "cpuid-1-4", "12 logical, 6 cores: bits rounded up");
	place(&t, 0x1b, 1, 5, 1, "12 logical, 6 cores: APIC 0x1b is pkg 1 core 5 smt 1");

	DETECT(htt_zero, &t);
	layout(&t, 0, 0, "cpuid-1", "HTT set, zero logical count: one CPU a package");

	DETECT(no_htt, &t);
	layout(&t, 0, 0, "cpuid-1-single", "no HTT: one CPU a package");
	place(&t, 5, 5, 0, 0, "no HTT: APIC 5 is package 5");
}

static void test_place(void)
{
	struct topology t = { 1, 5, "test" };
	unsigned bad = 0, seen[2] = { 0, 0 };
	char first_bad[96] = "";

	/* QEMU -smp 56,sockets=2,cores=14,threads=2 numbers APIC IDs pkg<<5 | core<<1 | thread. */
	for (uint32_t pkg = 0; pkg < 2; pkg++)
		for (uint32_t core = 0; core < 14; core++)
			for (uint32_t smt = 0; smt < 2; smt++) {
				uint32_t apic = pkg << 5 | core << 1 | smt;
				struct cpu_place p = topology_place(&t, apic);

				if (p.pkg != pkg || p.core != core || p.smt != smt) {
					if (!bad++)
						snprintf(first_bad, sizeof(first_bad),
							 "APIC %#x -> %u/%u/%u", apic, p.pkg,
							 p.core, p.smt);
				} else {
					seen[pkg]++;
				}
			}
	CHECK(bad == 0 && seen[0] == 28 && seen[1] == 28, "2 sockets x 14 cores x 2: all 56 placed",
	      "%u wrong, first %s", bad, first_bad);
	place(&t, 0x3b, 1, 13, 1, "2 sockets: APIC 0x3b is pkg 1 core 13 smt 1");

	t = (struct topology){ 1, 31, "test" };
	place(&t, 0xffffffff, 1, 0x3fffffff, 1, "shift 31: APIC 2^32-1 splits without overflow");
	t = (struct topology){ 0, 32, "test" };
	place(&t, 0xdeadbeef, 0, 0xdeadbeef, 0,
	      "package shift 32: one package, the ID is the core");
	t = (struct topology){ 0, 0, "test" };
	place(&t, 0x80000000, 0x80000000, 0, 0, "no bits below the package: the ID is the package");
}

int main(void)
{
	unit_begin();
	test_leaf_b();
	test_leaf_1f();
	test_legacy();
	test_place();
	return unit_done();
}
