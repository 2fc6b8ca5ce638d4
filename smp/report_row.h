/* SPDX-License-Identifier: MIT */
/*
 * A row of the bringup's report: what a feature logs and checks after a
 * bringup, next to the feature's own code. smp/reports.def lists the rows in
 * the order they are logged; smp/report.c walks it. A feature adds its row
 * there and defines the function it names, including this header, which
 * declares every row from that list (so a row that does not match its kind
 * does not compile).
 */
#ifndef SMPSCOPE_SMP_REPORT_ROW_H
#define SMPSCOPE_SMP_REPORT_ROW_H

#include "cpus.h"
#include "smp.h"

/* What every row reads: the bringup just run. */
struct report_ctx {
	const char *case_name;
	const struct smp_params *p;
	const struct smp_result *r;
	int handshake; /* the BSP waited for each phase itself (not parallel, not broadcast) */
	/* CPUs online and enabled as the report began: one count for its lines and checks. */
	unsigned online, enabled;
};

/*
 * REPORT(fn): once a bringup; returns how many of its findings fail the
 * bringup (smp_report's verdict), 0 for a row that only tells.
 * REPORT_CPU(fn): once for each enabled AP, in slot order.
 */
#define REPORT(fn)     unsigned fn(const struct report_ctx *x);
#define REPORT_CPU(fn) void fn(unsigned slot, const struct cpu *c, const struct report_ctx *x);
#include "reports.def"
#undef REPORT
#undef REPORT_CPU

#endif
