/* SPDX-License-Identifier: MIT */
/*
 * A log in three words, for a slot's header and the line that says where
 * it was saved: its case, its verdict and its first failure, read from the
 * log's own lines (docs/log-format.md). Pure C.
 */
#ifndef SMPSCOPE_CONSOLE_LOGSUM_H
#define SMPSCOPE_CONSOLE_LOGSUM_H

#include <stdint.h>

struct log_summary {
	char case_name[32]; /* ev=knobs case=, or "unknown" */
	char verdict[16];   /* "ok", "not ok", or "no verdict" (it hung or was reset) */
	char failure[96];   /* "CPU 5 stopped at longmode", ...; "none" */
};

void log_summarize(const char *text, uint32_t len, struct log_summary *s);

#endif
