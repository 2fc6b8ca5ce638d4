/* SPDX-License-Identifier: MIT */
/*
 * Progress codes on port 0x80, for a POST card when there is no console at
 * all (postcode=on). The fixed codes are listed here; every AP step and
 * every phase has its code by its place in include/events.h, so the table
 * in docs/postcode.md is generated from these lists (tools/gen-postcode.c).
 */
#ifndef SMPSCOPE_CONSOLE_POSTCODE_H
#define SMPSCOPE_CONSOLE_POSTCODE_H

#include <stdint.h>

#include "../include/events.h"

/* X(id, code, "name", "what it says"): the codes that are neither a step nor a phase. */
#define SMPSCOPE_POSTCODES(X)                                                                      \
	X(POST_C_ENTRY, 0x10, "bsp-c", "the BSP runs C code")                                      \
	X(POST_KNOBS, 0x11, "knobs", "the command line is read")                                   \
	X(POST_CONSOLES, 0x12, "consoles", "the consoles are set up")                              \
	X(POST_CASE, 0x20, "case", "the case starts")                                              \
	X(POST_EXCEPTION, 0xe0, "exception", "the run ends early: an exception on the BSP")        \
	X(POST_TIMEOUT, 0xe1, "timeout",                                                           \
	  "the BSP gave up on an AP; the step code before it is where that AP stopped")            \
	X(POST_PASS, 0xf0, "pass", "the case passed (the last code)")                              \
	X(POST_FAIL, 0xff, "fail", "the case failed (the last code)")

#define SMPSCOPE_POSTCODE_ENUM(id, code, name, help) id = code,
enum postcode_id { SMPSCOPE_POSTCODES(SMPSCOPE_POSTCODE_ENUM) };

/* An AP step's code is POST_STEP_BASE + its enum step_id; a phase's, POST_PHASE_BASE + enum phase.
 */
#define POST_STEP_BASE	0x40
#define POST_PHASE_BASE 0x60
_Static_assert(POST_STEP_BASE + STEP_COUNT <= POST_PHASE_BASE, "step codes run into phase codes");
_Static_assert(POST_PHASE_BASE + PH_COUNT <= POST_EXCEPTION, "phase codes run into fixed codes");

void postcode_enable(int on);
int postcode_enabled(void);
void postcode(uint8_t code);

static inline void postcode_step(enum step_id s)
{
	postcode((uint8_t)(POST_STEP_BASE + s));
}

static inline void postcode_phase(enum phase ph)
{
	postcode((uint8_t)(POST_PHASE_BASE + ph));
}

#endif
