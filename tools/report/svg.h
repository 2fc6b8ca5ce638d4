/* SPDX-License-Identifier: MIT */
#ifndef SMPSCOPE_REPORT_SVG_H
#define SMPSCOPE_REPORT_SVG_H

#include <stdio.h>

#include "model.h"

/*
 * The timeline of one boot's run as a standalone SVG: one lane per CPU,
 * phases as coloured bars on one TSC axis labelled in microseconds, CPUs
 * that failed marked. boot is 0-based. Returns 0, or -1 after saying on
 * stderr why there is nothing to draw.
 */
int print_svg(FILE *out, const struct rpt_log *log, int boot);

/* Why the run has nothing to draw (the words print_svg says it with), or NULL when it has. */
const char *svg_why_not(const struct rpt_run *r);

#endif
