/* SPDX-License-Identifier: MIT */
/*
 * Whose breadcrumbs are whose when an AP stopped before it wrote its ID
 * into a record: by kick order, by the CPUID ID real mode left, or by the
 * counters, and saying which (docs/flows.md, "Attribution").
 */
#ifndef SMPSCOPE_SMP_ATTRIBUTE_H
#define SMPSCOPE_SMP_ATTRIBUTE_H

#include <stddef.h>
#include <stdint.h>

#include "cpus.h"

#define ATTR_MAX_CANDIDATES 8

struct attribution {
	int inferred; /* 0: the AP's own record said it, or nothing is known */
	enum attribution_how how;
	int ticket;	   /* -1: none is the CPU's */
	unsigned step;	   /* the last step it reached; STEP_NONE if unknown */
	uint64_t step_tsc; /* that step's TSC, 0 if unknown */
	/* inferred by counters: the APIC IDs it is among (more than listed: ncand) */
	unsigned ncand;
	uint32_t cand[ATTR_MAX_CANDIDATES];
};

/* How far c got, and how that is known. */
void attribute(const struct cpu *c, struct attribution *a);
/* " inferred=<how> [candidates=0x5+0x9]" for the ev=timeout line, "" when not inferred. */
size_t attribute_format(const struct attribution *a, char *buf, size_t size);

#endif
