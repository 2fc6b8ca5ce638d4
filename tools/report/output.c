/* SPDX-License-Identifier: MIT */
/* smpscope-report's json and table outputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", *s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

/* , "key": "value" */
static void jfield(FILE *out, const char *key, const char *value)
{
	fprintf(out, ", \"%s\": ", key);
	json_string(out, value);
}

/*
 * The TSC tests after bringup (tsc_sync=together, tsc_trials=), in keys of their own that only
 * a log with those lines has: a log from before them reads as it did.
 */
static void tsc_trials_json(FILE *out, const struct rpt_run *r)
{
	if (r->tsc_trials)
		fprintf(out, ", \"tsc_trials\": %d, \"tsc_trials_caught\": %d", r->tsc_trials,
			r->tsc_trials_caught);
}

static void tsc_cpu_json(FILE *out, const struct rpt_cpu *c)
{
	if (c->tsc_warp)
		fprintf(out, ", \"tsc_warp\": %llu, \"tsc_warp_behind\": %d",
			(unsigned long long)c->tsc_warp, c->tsc_warp_behind);
	if (c->tsc_absent[0])
		jfield(out, "tsc_absent", c->tsc_absent);
}

void print_json(FILE *out, const struct rpt_log *log)
{
	fprintf(out, "{\"prefix\": %d, \"problems\": [", log->prefix);
	for (int i = 0; i < log->nproblems; i++) {
		fprintf(out, i ? ", " : "");
		json_string(out, log->problems[i]);
	}
	fprintf(out, "], \"problems_dropped\": %d, \"boots\": [", log->problems_dropped);
	for (int i = 0; i < log->nboots; i++) {
		const struct rpt_boot *b = &log->boots[i];
		const struct rpt_run *r = &b->run;

		fprintf(out,
			"%s\n {\"first_line\": %d, \"from_lastlog\": %s, \"boot\": %d, \"rung\": "
			"%d, "
			"\"rungs\": %d, \"skipped\": %s, \"exit\": ",
			i ? "," : "", b->first_line, b->from_lastlog ? "true" : "false", b->boot_no,
			b->rung, b->rungs, r->skipped ? "true" : "false");
		json_string(out, b->exit_result);
		jfield(out, "boot_case", b->boot_case);
		jfield(out, "case", r->case_name);
		jfield(out, "flow", r->flow);
		jfield(out, "knobs", r->knobs);
		fprintf(out,
			", \"result\": %s, \"bringup\": %s, \"online\": %d, \"enabled\": %d, "
			"\"cycles\": %llu, \"us\": %llu, \"drain_cycles\": %llu, \"tsc_hz\": %llu",
			r->result < 0 ? "null"
			: r->result   ? "\"ok\""
				      : "\"not ok\"",
			r->have_bringup ? "true" : "false", r->online, r->enabled,
			(unsigned long long)r->cycles, (unsigned long long)r->us,
			(unsigned long long)r->drain_cycles, (unsigned long long)r->tsc_hz);
		tsc_trials_json(out, r);
		fprintf(out, ", \"checks\": [");
		for (int k = 0; k < r->nchecks; k++) {
			fprintf(out, "%s{\"name\": ", k ? ", " : "");
			json_string(out, r->checks[k].name);
			fprintf(out, ", \"ok\": %s, \"skip\": %s, \"msg\": ",
				r->checks[k].ok ? "true" : "false",
				r->checks[k].skip ? "true" : "false");
			json_string(out, r->checks[k].msg);
			fprintf(out, "}");
		}
		fprintf(out, "], \"cpus\": [");
		for (int k = 0, first = 1; k < r->ncpus; k++) {
			const struct rpt_cpu *c = &r->cpus[k];

			if (!c->present && !c->has_ap)
				continue;
			fprintf(out,
				"%s\n  {\"cpu\": %d, \"apic\": %u, \"pkg\": %u, \"core\": %u, "
				"\"smt\": %u, \"enabled\": %d, \"bsp\": %d, \"state\": ",
				first ? "" : ",", k, c->apic, c->pkg, c->core, c->smt, c->enabled,
				c->bsp);
			json_string(out, c->state);
			jfield(out, "last_step", c->last_step);
			for (int p = 0; p < PH_COUNT; p++)
				fprintf(out, ", \"%s\": %llu", phase_names[p],
					(unsigned long long)c->phase[p]);
			fprintf(out, ", \"total\": %llu, \"us\": %llu, \"smi\": ",
				(unsigned long long)c->total, (unsigned long long)c->us);
			if (!c->has_ap || c->smi < 0)
				fprintf(out, "null");
			else
				fprintf(out, "%lld", (long long)c->smi);
			fprintf(out, ", \"timed_out\": %d, \"timeout_phase\": ", c->timed_out);
			json_string(out, c->timeout_phase);
			jfield(out, "timeout_step", c->timeout_step);
			fprintf(out, ", \"exception\": %d, \"exception_step\": ", c->excepted);
			json_string(out, c->exc_step);
			fprintf(out, ", \"times\": {");
			for (int p = 0, n = 0; c->has_times && p < PH_COUNT; p++)
				if (c->phase_seen[p])
					fprintf(out, "%s\"%s\": [%llu, %llu]", n++ ? ", " : "",
						phase_names[p], (unsigned long long)c->times[p][0],
						(unsigned long long)c->times[p][1]);
			fprintf(out, "}");
			tsc_cpu_json(out, c);
			fprintf(out, "}");
			first = 0;
		}
		fprintf(out, "]}");
	}
	fprintf(out, "\n]}\n");
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The table's number columns: every phase in order, then the total. */
#define COLS (PH_COUNT + 1)

static uint64_t col(const struct rpt_cpu *c, int i)
{
	return i < PH_COUNT ? c->phase[i] : c->total;
}

static void print_cols(FILE *out, const char *label, const uint64_t v[COLS])
{
	fprintf(out, "%-22s", label);
	for (int i = 0; i < COLS; i++)
		fprintf(out, " %12llu", (unsigned long long)v[i]);
}

/* Median of column i over the APs of a run; which: 0 all, 1 primaries, 2 siblings. */
static uint64_t median(const struct rpt_run *r, int i, int which, int *count)
{
	static uint64_t v[RPT_MAX_CPUS];
	int n = 0;

	for (int k = 0; k < r->ncpus; k++) {
		const struct rpt_cpu *c = &r->cpus[k];

		if (!c->has_ap || (which == 1 && c->smt) || (which == 2 && !c->smt))
			continue;
		v[n++] = col(c, i);
	}
	*count = n;
	if (!n)
		return 0;
	qsort(v, (size_t)n, sizeof(v[0]), cmp_u64);
	return v[n / 2];
}

static void summary(FILE *out, const struct rpt_run *r, const char *label, int which)
{
	int n = 0;
	uint64_t m[COLS];

	for (int i = 0; i < COLS; i++)
		m[i] = median(r, i, which, &n);
	if (!n)
		return;
	print_cols(out, label, m);
	fprintf(out, " %8llu  (%d CPUs)\n",
		(unsigned long long)(r->tsc_hz ? m[COLS - 1] * 1000000 / r->tsc_hz : 0), n);
}

void print_table(FILE *out, const struct rpt_log *log)
{
	for (int i = 0; i < log->nboots; i++) {
		const struct rpt_boot *b = &log->boots[i];
		const struct rpt_run *r = &b->run;
		uint64_t sum[COLS] = { 0 };
		char rung[32] = "";

		if (b->rung)
			snprintf(rung, sizeof(rung), ", rung %d of %d", b->rung, b->rungs);
		fprintf(out, "boot %d%s (line %d%s): case %s, flow %s: %s", b->boot_no, rung,
			log->boots[i].first_line,
			log->boots[i].from_lastlog ? ", an earlier boot from a lastlog dump" : "",
			r->case_name[0] ? r->case_name : "?", r->flow[0] ? r->flow : "-",
			r->result < 0 ? "no result (log ends first)"
			: r->skipped  ? "skipped"
			: r->result   ? "ok"
				      : "not ok");
		if (r->have_bringup)
			fprintf(out, ", %d/%d online in %llu cycles (%llu us)", r->online,
				r->enabled, (unsigned long long)r->cycles,
				(unsigned long long)r->us);
		fprintf(out, "\n");
		if (!r->have_bringup)
			continue;
		fprintf(out, "%4s %8s %7s", "cpu", "apic", "p/c/t");
		for (int p = 0; p < PH_COUNT; p++)
			fprintf(out, " %12s", phase_names[p]);
		fprintf(out, " %12s %8s  %-9s %s\n", "total", "us", "last", "result");
		for (int k = 0; k < r->ncpus; k++) {
			const struct rpt_cpu *c = &r->cpus[k];
			char pct[24];

			if (!c->has_ap)
				continue;
			snprintf(pct, sizeof(pct), "%u/%u/%u", c->pkg, c->core, c->smt);
			fprintf(out, "%4d %#8x %7s", k, c->apic, pct);
			for (int i = 0; i < COLS; i++) {
				fprintf(out, " %12llu", (unsigned long long)col(c, i));
				sum[i] += col(c, i);
			}
			fprintf(out, " %8llu  %-9s %s", (unsigned long long)c->us,
				c->last_step[0] ? c->last_step : "none", c->state);
			if (c->timed_out)
				fprintf(out, " (timed out in %s at %s)", c->timeout_phase,
					c->timeout_step);
			if (c->tsc_warp)
				fprintf(out, " (TSC %llu cycles behind CPU#%d's)",
					(unsigned long long)c->tsc_warp, c->tsc_warp_behind);
			if (c->tsc_absent[0])
				fprintf(out, " (left out of the TSC window: %s)", c->tsc_absent);
			fprintf(out, "\n");
		}
		print_cols(out, "total", sum);
		fprintf(out, "\n");
		summary(out, r, "median", 0);
		summary(out, r, "median, primaries", 1);
		summary(out, r, "median, siblings", 2);
	}
}
