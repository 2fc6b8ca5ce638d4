/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "line.h"

void rpt_problem(struct rpt_line *c, const char *fmt, ...)
{
	struct rpt_log *log = c->log;
	va_list ap;
	int n;

	if (log->nproblems >= RPT_MAX_PROBLEMS) {
		log->problems_dropped++;
		return;
	}
	n = snprintf(log->problems[log->nproblems], sizeof(log->problems[0]), "line %d: ", c->line);
	va_start(ap, fmt);
	vsnprintf(log->problems[log->nproblems] + n, sizeof(log->problems[0]) - (size_t)n, fmt, ap);
	va_end(ap);
	log->nproblems++;
}

const char *rpt_get(struct rpt_line *c, const char *key, char *buf, size_t size)
{
	return rpt_field(c->rest, key, buf, size, &c->bad);
}

uint64_t rpt_num(struct rpt_line *c, const char *key)
{
	char buf[32], *end;
	unsigned long long v;

	if (!rpt_get(c, key, buf, sizeof(buf)))
		return 0;
	errno = 0;
	v = strtoull(buf, &end, 0);
	if (errno || *end || end == buf) {
		rpt_problem(c, "%s=%s is not a number", key, buf);
		return 0;
	}
	return v;
}

int rpt_grow(void **arr, int *cap, size_t sz, int want)
{
	int ncap = *cap ? *cap : 8;
	void *p;

	if (want < *cap)
		return 0;
	while (ncap <= want)
		ncap *= 2;
	p = realloc(*arr, sz * (size_t)ncap);
	if (!p)
		return -1;
	memset((char *)p + sz * (size_t)*cap, 0, sz * (size_t)(ncap - *cap));
	*arr = p;
	*cap = ncap;
	return 0;
}

struct rpt_cpu *rpt_cpu_at(struct rpt_line *c, struct rpt_run *run)
{
	char buf[32];
	uint64_t slot;

	if (!rpt_get(c, "cpu", buf, sizeof(buf))) {
		rpt_problem(c, "a per-CPU event without cpu=");
		return NULL;
	}
	slot = rpt_num(c, "cpu");
	if (slot >= RPT_MAX_CPUS) {
		rpt_problem(c, "cpu=%llu is past the %d CPUs this tool keeps",
			    (unsigned long long)slot, RPT_MAX_CPUS);
		return NULL;
	}
	if ((int)slot >= run->ncpus && (int)slot + 1 - run->ncpus > *c->slots_left) {
		rpt_problem(c,
			    "cpu=%d: the log's boots name more than %d CPUs "
			    "between them; the rest are not kept",
			    (int)slot, LOG_MAX_CPU_SLOTS);
		return NULL;
	}
	if (rpt_grow((void **)&run->cpus, &run->cpus_cap, sizeof(*run->cpus), (int)slot)) {
		rpt_problem(c, "out of memory");
		return NULL;
	}
	if ((int)slot + 1 > run->ncpus) {
		*c->slots_left -= (int)slot + 1 - run->ncpus;
		run->ncpus = (int)slot + 1;
	}
	run->cpus[slot].slot = (int)slot;
	return &run->cpus[slot];
}
