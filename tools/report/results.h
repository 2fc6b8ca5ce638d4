/* SPDX-License-Identifier: MIT */
#ifndef SMPSCOPE_REPORT_RESULTS_H
#define SMPSCOPE_REPORT_RESULTS_H

#include "line.h"
#include "model.h"

/*
 * A KTAP result line of boot b, s from its "ok " or "not ok ": indent 0 is
 * the case's own result, an indented one a check of the case.
 */
void rpt_on_result(struct rpt_line *c, struct rpt_boot *b, const char *s, int indent);

#endif
