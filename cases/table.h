/* SPDX-License-Identifier: MIT */
/*
 * The case table (cases/cases.def) as data, for the image and the host
 * tools. What a case does is apart, bound by the runner column: each
 * runner's struct case_ops (cases/case_ops.h, cases/ops_table.h).
 */
#ifndef SMPSCOPE_CASES_TABLE_H
#define SMPSCOPE_CASES_TABLE_H

#include <stddef.h>

struct case_def {
	const char *name;
	const char *title;
	const char *knobs;
	/* Its place on the ladder, 1 the most conservative; 0: not a rung (cases/cases.def). */
	unsigned rung;
};

extern const struct case_def case_table[];
extern const size_t case_count;
/* The case names in table order, NULL-terminated: the values of case=. */
extern const char *const case_names[];

/* Index of the case called name, or -1. */
int case_find(const char *name);

#endif
