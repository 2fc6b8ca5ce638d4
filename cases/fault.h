/* SPDX-License-Identifier: MIT */
/*
 * Injected faults (the fault= knob), parsed from the grammar of docs/knobs.md.
 * Parsing knows every kind; a case that cannot inject a kind says so
 * before it runs rather than ignoring it.
 */
#ifndef SMPSCOPE_CASES_FAULT_H
#define SMPSCOPE_CASES_FAULT_H

#include <stddef.h>
#include <stdint.h>

#include "../include/events.h"
/* enum fault_kind and fault_kind_names. */
#include "../include/knob_values.h"

/* Which AP a fault aims at when it names none, all, or one APIC ID. */
enum fault_target { FAULT_AT_FIRST_AP, FAULT_AT_ALL, FAULT_AT_APIC };

struct fault {
	enum fault_kind kind;
	enum fault_target target;
	uint32_t apic;
	enum step_id step;
	int64_t cycles;
	uint32_t value; /* apicid: the new ID */
};

#define FAULT_MAX 8
#define FAULT_GRAMMAR                                                                              \
	"stop:<step>[@APIC], exception:<step>[@APIC], nosipi[@APIC], ghost:<APIC>, "               \
	"tsc-skew:<APIC>:<cycles>, bsp-ud2, apicid:<APIC>=<ID>, apic-mode:xapic@<APIC>, reset, "   \
	"bsp-nmi"

/* Parses one comma-separated item; on error writes why into err and returns -1. */
int fault_parse(const char *item, struct fault *out, char *err, size_t errlen);

/* Writes the fault back in the knob's grammar (APIC IDs in hex), so a log names what was injected.
 */
size_t fault_format(const struct fault *f, char *buf, size_t size);

#endif
