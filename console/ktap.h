/* SPDX-License-Identifier: MIT */
/*
 * The KTAP writer: one top-level test per case run, one subtest per
 * check. Results are kept until the case ends and then written as a
 * block, so a case that dies half-way still closes with every result it
 * had plus the reason it died. A case's result can only get worse.
 */
#ifndef SMPSCOPE_CONSOLE_KTAP_H
#define SMPSCOPE_CONSOLE_KTAP_H

void ktap_start(unsigned ncases);
void ktap_case_begin(const char *name);
/* Records one check; msg (printf-style, may be NULL) goes after the '#'. */
void ktap_check(int ok, const char *name, const char *msg, ...)
	__attribute__((format(printf, 3, 4)));
void ktap_skip(const char *name, const char *reason);
/* Writes the case's block; returns 1 if every check passed. */
int ktap_case_end(void);
/* Adds a failed check named why and ends the case; for a case that cannot go on. */
int ktap_case_abort(const char *name, const char *why);
int ktap_case_open(void);
/* A whole case not run (case=all, ladder=stop): "ok N name # SKIP reason", no subtests. */
void ktap_case_skip(const char *name, const char *reason);
/* 1 when every case so far passed. */
int ktap_all_passed(void);

#endif
