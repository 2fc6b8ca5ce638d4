/* SPDX-License-Identifier: MIT */
/*
 * Package, core and thread of a CPU from its APIC ID. The BSP learns from
 * CPUID how many APIC ID bits each level takes; every CPU's ID then splits
 * the same way (all CPUs of a system share one layout).
 */
#ifndef SMPSCOPE_APIC_TOPOLOGY_H
#define SMPSCOPE_APIC_TOPOLOGY_H

#include <stdint.h>

#include "../arch/cpu.h"

struct topology {
	unsigned smt_bits;  /* low APIC ID bits that number threads in a core */
	unsigned pkg_shift; /* APIC ID bits below the package number */
	const char *source; /* which CPUID leaf said so: docs/log-format.md, topology */
};

struct cpu_place {
	uint32_t pkg, core, smt;
};

typedef struct cpuid_regs (*cpuid_fn)(uint32_t leaf, uint32_t subleaf);

/* Reads the layout through fn (the real CPUID in the image, a table in tests). */
void topology_detect(cpuid_fn fn, struct topology *t);
struct cpu_place topology_place(const struct topology *t, uint32_t apic_id);

#endif
