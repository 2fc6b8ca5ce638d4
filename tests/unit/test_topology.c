/* SPDX-License-Identifier: MIT */
/*
 * Package, core and thread from CPUID (apic/topology.c), through a fake
 * CPUID table. The e2e tests compare the image's places with QEMU's -smp;
 * here each leaf path is driven on its own, including the ones QEMU's
 * default CPUs never take (leaf 0x1F, the legacy leaf 1/4 count).
 */
#include "../../apic/topology.h"
#include "../../arch/vendor.h"
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

/* ---- AMD: leaf 0x80000008 and 0x8000001E; leaf 4 never read ---- */

#define AMD_L0(max)  L(0, 0, max, 0x68747541, 0x444d4163, 0x69746e65) /* "AuthenticAMD" */
#define AMD_EXT(max) L(0x80000000, 0, max, 0x68747541, 0x444d4163, 0x69746e65)

/*
 * Real parts' CPUID, thread 0, from CPU-Z reports kept in Bochs 2.7's CPU database
 * (github.com/bochs-emu/Bochs, tag REL_2_7_FINAL, bochs/cpu/cpudb/amd/, the .txt files) and from
 * the raw dump in rust-cpuid's tests (github.com/gz/rust-cpuid, src/tests/ryzen_matisse.rs). Only
 * the leaves topology reads are copied; the rest read as zeros.
 */

/* Athlon 64 2800+ (ClawHammer, family 0Fh, one core): max leaf 1, NC 0, no 0x8000001E. */
static const struct leaf k8_clawhammer[] = {
	AMD_L0(1),
	L(1, 0, 0x00000f48, 0x00000800, 0x00000000, 0x078bfbff),
	AMD_EXT(0x80000018),
	L(0x80000001, 0, 0x00000f48, 0x00000106, 0x00000000, 0xe1d3fbff),
	L(0x80000008, 0, 0x00003028, 0x00000000, 0x00000000, 0x00000000),
};

/*
 * FX-4100 (Zambezi, family 15h): two compute units of two cores. 0x80000008 ECX 0x4003
 * (ApicIdCoreIdSize 4, NC 3); 0x8000001E EBX 0x100 (2 cores per compute unit, unit 0).
 */
static const struct leaf fx4100_zambezi[] = {
	AMD_L0(0xd),
	L(1, 0, 0x00600f12, 0x00040800, 0x1e98220b, 0x178bfbff),
	L(4, 0, 0, 0, 0, 0),
	L(0xb, ANY_SUB, 0, 0, 0, 0),
	AMD_EXT(0x8000001e),
	L(0x80000001, 0, 0x00600f12, 0x10000000, 0x01c9bfff, 0x2fd3fbff),
	L(0x80000008, 0, 0x00003030, 0x00000000, 0x00004003, 0x00000000),
	L(0x8000001e, 0, 0x00000000, 0x00000100, 0x00000000, 0x00000000),
};

/* Ryzen 7 1700 (Summit Ridge, family 17h, Zen): 8 cores x 2 threads, max leaf 0xD. */
static const struct leaf r7_1700_zen[] = {
	AMD_L0(0xd),
	L(1, 0, 0x00800f11, 0x00100800, 0x7ed8320b, 0x178bfbff),
	L(0xb, ANY_SUB, 0, 0, 0, 0),
	AMD_EXT(0x8000001f),
	L(0x80000001, 0, 0x00800f11, 0x20000000, 0x35c233ff, 0x2fd3fbff),
	L(0x80000008, 0, 0x00003030, 0x00000007, 0x0000400f, 0x00000000),
	L(0x8000001e, 0, 0x00000000, 0x00000100, 0x00000000, 0x00000000),
};

/*
 * Ryzen 5 3600X (Matisse, family 17h, Zen 2): 6 cores x 2 threads; leaf 0xB present.
 * Leaf 0xB and 0x80000008 (ApicIdCoreIdSize 7, NC 11) agree on a 7-bit package field.
 */
#define MATISSE(max)                                                                               \
	AMD_L0(max), L(1, 0, 0x00870f10, 0x000c0800, 0x7ed8320b, 0x178bfbff),                      \
		L(0xb, 0, 0x00000001, 0x00000002, 0x00000100, 0x00000000),                         \
		L(0xb, 1, 0x00000007, 0x0000000c, 0x00000201, 0x00000000), AMD_EXT(0x80000020),    \
		L(0x80000001, 0, 0x00870f10, 0x20000000, 0x75c237ff, 0x2fd3fbff),                  \
		L(0x80000008, 0, 0x00003030, 0x010eb757, 0x0000700b, 0x00010000),                  \
		L(0x8000001e, 0, 0x00000000, 0x00000100, 0x00000000, 0x00000000)
static const struct leaf r5_3600x_zen2[] = { MATISSE(0x10) };
/* The same part with leaf 0xB hidden (max leaf 0xA, as a hypervisor may set it). */
static const struct leaf r5_3600x_no_b[] = { MATISSE(0xa) };

/* Dual-core K8 as AMD describes it: leaf 1 counts 2 (CmpLegacy), NC 1, leaf 4 garbage. */
static const struct leaf k8_dual[] = {
	AMD_L0(1),
	L(1, 0, 0x00020fb1, 0x00020800, 0, 1u << 28),
	L(4, 0, (7u << 26) | 1, 0, 0, 0),
	AMD_EXT(0x80000018),
	L(0x80000001, 0, 0x00020fb1, 0, CPUID_EXT_ECX_CMP_LEGACY, 0),
	L(0x80000008, 0, 0x00003028, 0, 0x00000001, 0),
};

/* No 0x80000008 at all: leaf 1's count (with CmpLegacy) is cores, leaf 4 is not read. */
static const struct leaf amd_no_ext8[] = {
	AMD_L0(4),
	L(1, 0, 0, 4 << 16, 0, 1u << 28),
	L(4, 0, (1u << 26) | 1, 0, 0, 0),
	AMD_EXT(0x80000006),
	L(0x80000001, 0, 0, 0, CPUID_EXT_ECX_CMP_LEGACY, 0),
};

/* 0x8000001E listed but TopologyExtensions clear: its thread count is not believed. */
static const struct leaf amd_no_topoext[] = {
	AMD_L0(0xd),
	AMD_EXT(0x8000001e),
	L(0x80000001, 0, 0, 0, 0, 0),
	L(0x80000008, 0, 0, 0, 0x00000007, 0),
	L(0x8000001e, 0, 0, 0x00000300, 0, 0),
};

/* More threads per core than NC counts (Bochs 2.7's models can say so): a package holds them. */
static const struct leaf amd_threads_over_nc[] = {
	AMD_L0(0xd),
	AMD_EXT(0x8000001e),
	L(0x80000001, 0, 0, 0, CPUID_EXT_ECX_TOPOEXT, 0),
	L(0x80000008, 0, 0, 0, 0x00000000, 0),
	L(0x8000001e, 0, 0, 0x00000100, 0, 0),
};

/* HygonGenuine (Dhyana, AMD family 17h's design): the AMD leaves apply. */
static const struct leaf hygon[] = {
	L(0, 0, 0xd, 0x6f677948, 0x656e6975, 0x6e65476e),
	L(1, 0, 0, 16 << 16, 0, 1u << 28),
	L(0x80000000, 0, 0x8000001f, 0x6f677948, 0x656e6975, 0x6e65476e),
	L(0x80000001, 0, 0, 0, CPUID_EXT_ECX_TOPOEXT, 0),
	L(0x80000008, 0, 0, 0, 0x0000400f, 0),
	L(0x8000001e, 0, 0, 0x00000100, 0, 0),
};

/* GenuineIntel with a nonzero 0x80000008 ECX: Intel's path, the AMD leaves ignored. */
static const struct leaf intel_with_ext8[] = {
	L(0, 0, 0xa, 0x756e6547, 0x6c65746e, 0x49656e69),
	L(1, 0, 0, 16 << 16, 0, 1u << 28),
	L(4, 0, (7u << 26) | 1, 0, 0, 0),
	L(0x80000000, 0, 0x80000008, 0, 0, 0),
	L(0x80000008, 0, 0x3027, 0, 0x0000f00f, 0),
};

static void vendor_is(const struct leaf *table, enum cpu_vendor want, const char *name)
{
	enum cpu_vendor v = cpu_vendor_of(table[0].r);

	CHECK(v == want, name, "vendor %d, want %d", v, want);
}

/*
 * The part's own 0x8000001E on each CPU (ExtendedApicId in EAX, unit or core ID in EBX[7:0])
 * against the core the APIC ID splits to: CPU-Z's reports list every thread.
 */
static void core_id_agrees(const struct topology *t, const uint32_t (*eax_ebx)[2], size_t n,
			   const char *name)
{
	size_t bad = 0;

	for (size_t i = 0; i < n; i++)
		if (topology_place(t, eax_ebx[i][0]).core != (eax_ebx[i][1] & 0xff))
			bad++;
	CHECK(bad == 0, name, "%zu of %zu CPUs split to another core than their own CPUID", bad, n);
}

static const uint32_t fx4100_1e[][2] = { { 0, 0x100 }, { 1, 0x100 }, { 2, 0x101 }, { 3, 0x101 } };
static const uint32_t r7_1700_1e[][2] = {
	{ 0, 0x100 },  { 1, 0x100 },  { 2, 0x101 },  { 3, 0x101 },  { 4, 0x102 },  { 5, 0x102 },
	{ 6, 0x103 },  { 7, 0x103 },  { 8, 0x104 },  { 9, 0x104 },  { 10, 0x105 }, { 11, 0x105 },
	{ 12, 0x106 }, { 13, 0x106 }, { 14, 0x107 }, { 15, 0x107 },
};

static void test_amd(void)
{
	struct topology t;

	vendor_is(k8_clawhammer, CPU_VENDOR_AMD, "AuthenticAMD is AMD");
	vendor_is(hygon, CPU_VENDOR_HYGON, "HygonGenuine is Hygon");
	vendor_is(intel_with_ext8, CPU_VENDOR_INTEL, "GenuineIntel is Intel");
	vendor_is(qemu_haswell, CPU_VENDOR_OTHER, "an empty vendor string is no vendor");

	DETECT(k8_clawhammer, &t);
	layout(&t, 0, 0, "cpuid-80000008", "Athlon 64 ClawHammer: NC 0, one CPU a package");
	place(&t, 1, 1, 0, 0, "ClawHammer: APIC 1 is package 1");

	DETECT(k8_dual, &t);
	layout(&t, 0, 1, "cpuid-80000008", "dual-core K8: NC 1, no SMT, leaf 4 not read");
	place(&t, 3, 1, 1, 0, "dual-core K8: APIC 3 is pkg 1 core 1");

	DETECT(amd_no_ext8, &t);
	layout(&t, 0, 2, "cpuid-1", "AMD without 0x80000008: leaf 1 counts cores, leaf 4 unread");

	DETECT(fx4100_zambezi, &t);
	layout(&t, 1, 4, "cpuid-8000001e", "FX-4100: 2 cores a compute unit, 4 APIC ID bits");
	place(&t, 3, 0, 1, 1, "FX-4100: APIC 3 is compute unit 1, its second core");
	core_id_agrees(&t, fx4100_1e, 4, "FX-4100: every CPU in its own ComputeUnitId");

	DETECT(r7_1700_zen, &t);
	layout(&t, 1, 4, "cpuid-8000001e", "Ryzen 7 1700: 2 threads a core, 4 APIC ID bits");
	place(&t, 0xf, 0, 7, 1, "Ryzen 7 1700: APIC 15 is core 7 thread 1");
	core_id_agrees(&t, r7_1700_1e, 16, "Ryzen 7 1700: every CPU in its own CoreId");

	DETECT(r5_3600x_zen2, &t);
	layout(&t, 1, 7, "cpuid-b", "Ryzen 5 3600X: leaf 0xB used where Zen 2 has it");
	place(&t, 0x8d, 1, 6, 1, "Ryzen 5 3600X layout: APIC 0x8d is pkg 1 core 6 smt 1");
	DETECT(r5_3600x_no_b, &t);
	layout(&t, 1, 7, "cpuid-8000001e", "Ryzen 5 3600X without leaf 0xB: the same layout");

	DETECT(amd_no_topoext, &t);
	layout(&t, 0, 3, "cpuid-80000008", "TopologyExtensions clear: 0x8000001E unread");
	DETECT(amd_threads_over_nc, &t);
	layout(&t, 1, 1, "cpuid-8000001e", "2 threads a core, NC 0: the package holds both");
	DETECT(hygon, &t);
	layout(&t, 1, 4, "cpuid-8000001e", "Hygon: AMD's leaves");
	DETECT(intel_with_ext8, &t);
	layout(&t, 1, 4, "cpuid-1-4", "Intel: leaf 1/4, 0x80000008 ECX ignored");
}

int main(void)
{
	unit_begin();
	test_leaf_b();
	test_leaf_1f();
	test_legacy();
	test_place();
	test_amd();
	return unit_done();
}
