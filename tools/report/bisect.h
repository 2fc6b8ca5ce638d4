/* SPDX-License-Identifier: MIT */
#ifndef SMPSCOPE_REPORT_BISECT_H
#define SMPSCOPE_REPORT_BISECT_H

#include <stdio.h>

#include "model.h"

/*
 * The answer for a ladder of case runs (every boot of every log, in any
 * order, put in the order of the rung column of cases/cases.def): the last
 * passing and the first failing rung, the knobs that differ between them,
 * and the first CPU and step that failed in the failing run. Runs of cases
 * that are no rung are listed after the rungs and left out of the answer.
 * Returns 0 with an answer, 1 when no rung failed, 2 when there is no run
 * of a rung to compare.
 */
int print_bisect(FILE *out, const struct rpt_log *logs, const char *const *names, int nlogs);

#endif
