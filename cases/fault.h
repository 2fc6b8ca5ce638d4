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

/* Which AP a fault aims at when it names none, all, or APIC IDs (one, or a list: @1+5+9). */
enum fault_target { FAULT_AT_FIRST_AP, FAULT_AT_ALL, FAULT_AT_APIC };

/* esr:<what>: the bad IPI sent before the AP's kick. */
enum fault_esr { FAULT_ESR_VECTOR = 1, FAULT_ESR_DEST };

#define FAULT_MAX_APICS 8

struct fault {
	enum fault_kind kind;
	enum fault_target target;
	uint32_t apic; /* the first (or only) of apics */
	uint32_t napics;
	uint32_t apics[FAULT_MAX_APICS];
	enum step_id step;
	int64_t cycles;
	uint32_t value; /* apicid: the new ID; esr: enum fault_esr; bsp-ud2: 1 for :mid */
};

#define FAULT_MAX 8
#define FAULT_GRAMMAR                                                                              \
	"stop:<step>[@APIC], exception:<step>[@APIC], nosipi[@APIC], ghost:<APIC>, "               \
	"tsc-skew:<APIC>:<cycles>, bsp-ud2[:mid], apicid:<APIC>=<ID>, apic-mode:xapic@<APIC>, "    \
	"reset, bsp-nmi, esr:vector|dest[@APIC], sipi-again[@APIC]; @APIC is an ID, a list "       \
	"(@1+5+9) or @all"

/* Parses one comma-separated item; on error writes why into err and returns -1. */
int fault_parse(const char *item, struct fault *out, char *err, size_t errlen);

/* Writes the fault back in the knob's grammar (APIC IDs in hex), so a log names what was injected.
 */
size_t fault_format(const struct fault *f, char *buf, size_t size);

#endif
