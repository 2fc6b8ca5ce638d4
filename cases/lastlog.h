/* SPDX-License-Identifier: MIT */
/*
 * The log kept across a reset (console/lastlog.h), as every case sees it:
 * set up from the lastlog= knob, and reported early in every boot, so a
 * screen shows when an older log is there (docs/log-format.md, "Kept
 * across a reset").
 */
#ifndef SMPSCOPE_CASES_LASTLOG_H
#define SMPSCOPE_CASES_LASTLOG_H

#include "config.h"

/* After footprint_check(), before the first log line: finds the older log, starts this one's. */
void lastlog_setup(const struct config *cfg);
/* The `ev=lastlog` line, and a line in words when an older log is there, wiped or damaged. */
void lastlog_report(void);

#endif
