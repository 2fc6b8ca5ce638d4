/* SPDX-License-Identifier: MIT */
#ifndef SMPSCOPE_REPORT_BISECT_H
#define SMPSCOPE_REPORT_BISECT_H

#include <stdio.h>

#include "model.h"

/*
 * The answer for a ladder of case runs (every boot of every log, in any
 * order, put in the case table's order): the last passing and the first
 * failing case, the knobs that differ between them, and the first CPU and
 * step that failed in the failing run. Returns 0 with an answer, 1 when
 * no run failed, 2 when there are no case runs to compare.
 */
int print_bisect(FILE *out, const struct rpt_log *logs, const char *const *names, int nlogs);

#endif
