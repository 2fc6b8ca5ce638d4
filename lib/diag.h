/* SPDX-License-Identifier: MIT */
/* A short list of problems a parser found, each a sentence naming what was wrong. */
#ifndef SMPSCOPE_LIB_DIAG_H
#define SMPSCOPE_LIB_DIAG_H

#include <stdarg.h>

#define DIAG_MAX 12
#define DIAG_LEN 160

struct diag {
	unsigned count;
	unsigned dropped;
	char msg[DIAG_MAX][DIAG_LEN];
};

void diag_add(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
