/* SPDX-License-Identifier: MIT */
#ifndef SMPSCOPE_REPORT_OUTPUT_H
#define SMPSCOPE_REPORT_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "model.h"

/* s as a JSON string, quoted and escaped. */
void json_string(FILE *out, const char *s);
void print_json(FILE *out, const struct rpt_log *log);
/* Per boot: one row per AP, totals, and medians for all, primaries and siblings. */
void print_table(FILE *out, const struct rpt_log *log);

#endif
