/* SPDX-License-Identifier: MIT */
/*
 * One line of a log as the parser reads it: where it stands, its fields as
 * text or numbers, what cannot be read in it (named with its line number),
 * and the CPU its cpu= names. The reader (parse.c) makes one a line; the
 * event meanings (meanings.c) and the KTAP results (results.c) read it.
 */
#ifndef SMPSCOPE_REPORT_LINE_H
#define SMPSCOPE_REPORT_LINE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/*
 * CPU entries one log may make over all its boots: a boot naming cpu=1000 makes 1001, and a
 * 128 KB file of such boots took 1.4 GB. 256 boots of 256 CPUs; 43 MB at most, arrays doubling.
 */
#define LOG_MAX_CPU_SLOTS (256 * 256)

struct rpt_line {
	struct rpt_log *log;
	int line;	  /* from 1 */
	const char *rest; /* an event's key=value fields, after its name */
	int bad;	  /* a quoted value was not closed: the line was cut */
	int *slots_left;  /* of LOG_MAX_CPU_SLOTS, for the whole log */
};

/* "line N: " and the text, among the log's problems (the first RPT_MAX_PROBLEMS of them). */
void rpt_problem(struct rpt_line *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The value of key among the line's fields, into buf, or NULL. */
const char *rpt_get(struct rpt_line *c, const char *key, char *buf, size_t size);

/* key's value as a number (C syntax: 0x allowed); 0 when absent, 0 and a problem when no number. */
uint64_t rpt_num(struct rpt_line *c, const char *key);

/* Grows an array of *cap elements of size sz to hold index want; 0 on success. */
int rpt_grow(void **arr, int *cap, size_t sz, int want);

/* The CPU the line's cpu= names, made if new; NULL (and a problem) when it cannot be kept. */
struct rpt_cpu *rpt_cpu_at(struct rpt_line *c, struct rpt_run *run);

#endif
