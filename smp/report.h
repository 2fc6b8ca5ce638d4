/* SPDX-License-Identifier: MIT */
/*
 * After a bringup: the numbers, per CPU and in total, and the KTAP checks,
 * as the rows of smp/reports.def write them.
 */
#ifndef SMPSCOPE_SMP_REPORT_H
#define SMPSCOPE_SMP_REPORT_H

#include "smp.h"

/*
 * Logs the report of the bringup just run and records its checks; returns 1
 * when none of the findings that decide a bringup failed (every enabled CPU
 * online, no AP exception, none parked, every APIC ID claimed, every AP where
 * its ID says).
 */
int smp_report(const char *case_name, const struct smp_params *p, const struct smp_result *r);

#endif
