/* SPDX-License-Identifier: MIT */
/* From the loader's command line to a case's KTAP result and the exit code. */
#ifndef SMPSCOPE_CASES_RUNNER_H
#define SMPSCOPE_CASES_RUNNER_H

struct bootinfo;

/* The run itself: knobs, consoles, the case, the exit code (kmain, cases/main.c, calls it). */
void __attribute__((noreturn)) runner_main(const struct bootinfo *bi);

/*
 * Ends the run now: the open case (or a "boot" case) gets a failed check,
 * the case's ops put firmware state back and write the tests it will not
 * reach, and the image exits. The exception path calls it (a hook).
 */
void __attribute__((noreturn)) runner_fail_now(const char *check, const char *why);

#endif
