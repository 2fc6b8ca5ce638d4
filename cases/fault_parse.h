/* SPDX-License-Identifier: MIT */
/*
 * The fault= knob's items, read by the grammar of docs/knobs.md: each kind's
 * row in include/fault_kinds.h names its args' shape. Parsing knows every
 * kind; a case that cannot inject a kind says so before it runs rather
 * than ignoring it (cases/fault_accept.h).
 */
#ifndef SMPSCOPE_CASES_FAULT_PARSE_H
#define SMPSCOPE_CASES_FAULT_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "../include/events.h"
/* enum fault_kind, fault_kind_names and FAULT_GRAMMAR. */
#include "../include/fault_kinds.h"

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

/* Parses one comma-separated item; on error writes why into err and returns -1. */
int fault_parse(const char *item, struct fault *out, char *err, size_t errlen);

/* Writes the fault back in the knob's grammar (APIC IDs in hex), so a log names what was injected.
 */
size_t fault_format(const struct fault *f, char *buf, size_t size);

#endif
