/* SPDX-License-Identifier: MIT */
#include "report.h"

#include "report_row.h"

typedef unsigned report_fn(const struct report_ctx *x);
typedef void report_cpu_fn(unsigned slot, const struct cpu *c, const struct report_ctx *x);

static report_fn *const rows[] = {
#define REPORT(fn) fn,
#define REPORT_CPU(fn)
#include "reports.def"
#undef REPORT
#undef REPORT_CPU
};

static report_cpu_fn *const cpu_rows[] = {
#define REPORT(fn)
#define REPORT_CPU(fn) fn,
#include "reports.def"
#undef REPORT
#undef REPORT_CPU
};

unsigned report_each_cpu(const struct report_ctx *x)
{
	for (unsigned i = 1; i < ncpus; i++) {
		if (!cpus[i].enabled)
			continue;
		for (unsigned k = 0; k < sizeof(cpu_rows) / sizeof(cpu_rows[0]); k++)
			cpu_rows[k](i, &cpus[i], x);
	}
	return 0;
}

int smp_report(const char *case_name, const struct smp_params *p, const struct smp_result *r)
{
	const struct report_ctx x = {
		case_name,
		p,
		r,
		p->flow != FLOW_PARALLEL && p->flow != FLOW_BROADCAST,
		cpus_online(),
		cpus_enabled(),
	};
	unsigned failed = 0;

	for (unsigned k = 0; k < sizeof(rows) / sizeof(rows[0]); k++)
		failed += rows[k](&x);
	return failed == 0;
}
