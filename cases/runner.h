/* SPDX-License-Identifier: MIT */
/* From the loader's command line to a case's KTAP result and the exit code. */
#ifndef SMPSCOPE_CASES_RUNNER_H
#define SMPSCOPE_CASES_RUNNER_H

#include "config.h"

struct bootinfo;

/* The run itself: knobs, consoles, the case, the exit code (kmain, cases/main.c, calls it). */
void __attribute__((noreturn)) runner_main(const struct bootinfo *bi);

/* Ends the run now: the open case (or a "boot" case) gets a failed check and the image exits. */
void __attribute__((noreturn)) runner_fail_now(const char *check, const char *why);
/* Refuses, with a KTAP not ok each, the faults outside injectable (a mask of 1 << kind). */
int runner_check_faults(const struct config *cfg, unsigned injectable);
/* Run before the image exits, also after a BSP exception: puts firmware state back. */
void runner_set_cleanup(void (*fn)(void));
/*
 * After runner_fail_now() has ended the open case: writes what the boot
 * planned but will not reach (case=all: the rungs after it); NULL: nothing.
 */
void runner_set_rest(void (*fn)(const char *why));
/* The ev=knobs line: every knob of c, as the table names them. */
void runner_log_knobs(const struct config *c);
/* A phase boundary: with log=live the ring is drained here, with log=deferred not. */
void runner_boundary(const struct config *cfg);

#endif
