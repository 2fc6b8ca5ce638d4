/* SPDX-License-Identifier: MIT */
/* The case table (cases/cases.def) as data, for the image and the host tools. */
#ifndef SMPSCOPE_CASES_TABLE_H
#define SMPSCOPE_CASES_TABLE_H

#include <stddef.h>

struct config;
struct bootinfo;

struct case_def {
	const char *name;
	const char *title;
	const char *knobs;
	/* Its place on the ladder, 1 the most conservative; 0: not a rung (cases/cases.def). */
	unsigned rung;
#ifndef SMPSCOPE_HOST
	/* Records its checks with ktap_check(); returns 0 when it could not run to its end. */
	int (*run)(const struct config *cfg, const struct bootinfo *bi);
#endif
};

extern const struct case_def case_table[];
extern const size_t case_count;
/* The case names in table order, NULL-terminated: the values of case=. */
extern const char *const case_names[];

/* Index of the case called name, or -1. */
int case_find(const char *name);

#endif
