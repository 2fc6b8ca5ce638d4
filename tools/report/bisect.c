/* SPDX-License-Identifier: MIT */
/*
 * A ladder's answer. The rungs are the case table's order (cases/cases.def,
 * from the most conservative to the most aggressive), whatever order the
 * logs come in; a run without a verdict (the log ends: a hang or a reset)
 * counts as failing, because that is what a hung machine looks like. A
 * case=all boot gives one run per rung (parse.c); a rung it skipped
 * (ladder=stop) is listed, but neither passes nor fails.
 */
#include <stdlib.h>
#include <string.h>

#include "bisect.h"
#include "fields.h"

static const char *const ladder[] = {
#define CASE(name, runner, rung, title, knobs) name,
#include "../../cases/cases.def"
#undef CASE
};
#define LADDER_LEN ((int)(sizeof(ladder) / sizeof(ladder[0])))

struct rung {
	const struct rpt_boot *bt;
	const struct rpt_run *run;
	const char *log;
	int boot, order, seq, pass; /* seq: the order given, among runs of one case */
};

static int rung_of(const char *case_name)
{
	for (int i = 0; i < LADDER_LEN; i++)
		if (!strcmp(ladder[i], case_name))
			return i;
	return LADDER_LEN; /* an unknown case goes last, and is named as such */
}

static const char *verdict(const struct rpt_boot *b)
{
	if (b->run.skipped && b->run.result == 1)
		return "skipped";
	/* A rung has its own result; the boot's exit sums up every rung. */
	if (b->rung)
		return b->run.result == 1 ? "pass" : b->run.result == 0 ? "FAIL" : "NO VERDICT";
	if (b->run.result == 1 && strcmp(b->exit_result, "fail"))
		return "pass";
	if (b->run.result == 0 || !strcmp(b->exit_result, "fail"))
		return "FAIL";
	return "NO VERDICT";
}

static int by_order(const void *a, const void *b)
{
	const struct rung *x = a, *y = b;

	return x->order != y->order ? x->order - y->order : x->seq - y->seq;
}

/* The value of key in an ev=knobs line, into buf; "(not set)" if absent. */
static const char *knob(const char *knobs, const char *key, char *buf, size_t size)
{
	int cut = 0;

	return rpt_field(knobs, key, buf, size, &cut) ? buf : "(not set)";
}

static void knob_diff(FILE *out, const struct rpt_run *good, const struct rpt_run *bad)
{
	const char *sides[2] = { bad->knobs, good->knobs };
	int n = 0;

	fprintf(out, "knobs that differ (last passing -> first failing):\n");
	/* Every key of the failing run, then the keys only the passing run had. */
	for (int s = 0; s < 2; s++) {
		for (const char *p = sides[s]; *p;) {
			size_t len = strcspn(p, " "), klen = strcspn(p, "= ");
			char key[48], a[128], b[128];
			const char *va, *vb;

			snprintf(key, sizeof(key), "%.*s", (int)(klen < len ? klen : len), p);
			p += len;
			p += strspn(p, " ");
			if (!strcmp(key, "case") || !key[0])
				continue;
			va = knob(good->knobs, key, a, sizeof(a));
			vb = knob(bad->knobs, key, b, sizeof(b));
			if (s == 1 && strcmp(vb, "(not set)"))
				continue; /* already compared from the failing side */
			if (strcmp(va, vb)) {
				fprintf(out, "  %s: %s -> %s\n", key, va, vb);
				n++;
			}
		}
	}
	if (good->enabled != bad->enabled) {
		fprintf(out, "  (machine) enabled CPUs: %d -> %d\n", good->enabled, bad->enabled);
		n++;
	}
	if (!n)
		fprintf(out, "  none: the same knobs passed once and failed once (flaky?)\n");
}

/* When a CPU failed, on the run's time axis: the start of the phase it stopped in. */
static uint64_t failed_at(const struct rpt_cpu *c)
{
	for (int p = 0; p < PH_COUNT; p++)
		if (c->has_times && !strcmp(phase_names[p], c->timeout_phase) && c->phase_seen[p])
			return c->times[p][0];
	for (int p = PH_COUNT - 1; p >= 0; p--)
		if (c->has_times && c->phase_seen[p])
			return c->times[p][1];
	return UINT64_MAX;
}

static int cpu_failed(const struct rpt_cpu *c)
{
	if (c->slot == 0)
		return c->excepted; /* the BSP: only an exception of its own */
	return c->timed_out || c->excepted || (c->has_ap && strcmp(c->state, "online"));
}

static void first_failure(FILE *out, const struct rung *r)
{
	const struct rpt_run *run = r->run;
	const struct rpt_cpu *first = NULL;
	int nfailed = 0;

	for (int k = 0; k < run->ncpus; k++) {
		const struct rpt_cpu *c = &run->cpus[k];

		if (!cpu_failed(c))
			continue;
		nfailed++;
		if (!first || failed_at(c) < failed_at(first))
			first = c;
	}
	if (first && first->excepted)
		fprintf(out, "first failure: cpu %d apic %#x took %s at step %s\n", first->slot,
			first->apic, first->exc_name[0] ? first->exc_name : "an exception",
			first->exc_step[0] ? first->exc_step : "unknown");
	else if (first && first->timed_out)
		fprintf(out, "first failure: cpu %d apic %#x timed out in phase %s at step %s\n",
			first->slot, first->apic, first->timeout_phase, first->timeout_step);
	else if (first)
		fprintf(out, "first failure: cpu %d apic %#x ended %s at step %s\n", first->slot,
			first->apic, first->state, first->last_step[0] ? first->last_step : "none");
	else
		fprintf(out, "first failure: no CPU failed; the case failed on its checks\n");
	if (first)
		fprintf(out,
			"  (package/core/thread %u/%u/%u; of %d failed CPUs the first to fail "
			"on the run's clock)\n",
			first->pkg, first->core, first->smt, nfailed);
	for (int k = 0; k < run->nchecks; k++)
		if (!run->checks[k].ok)
			fprintf(out, "failed check: %s: %s\n", run->checks[k].name,
				run->checks[k].msg);
	if (run->result < 0)
		fprintf(out, "the log ends before the case's result: a hang or a reset\n");
}

/* ", boot 2" or, for a case=all boot's rung, ", boot 2, rung 6 of 7". */
static const char *place(const struct rung *r, char *buf, size_t size)
{
	int n = snprintf(buf, size, ", boot %d", r->boot);

	if (r->bt->rung && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, ", rung %d of %d", r->bt->rung, r->bt->rungs);
	return buf;
}

static void where(FILE *out, const char *label, const struct rung *r)
{
	char at[64];

	fprintf(out, "%s: %s (%s%s)\n", label, r->run->case_name, r->log, place(r, at, sizeof(at)));
}

int print_bisect(FILE *out, const struct rpt_log *logs, const char *const *names, int nlogs)
{
	struct rung *rungs;
	int n = 0, bad = -1, good = -1, later_pass = 0;

	for (int i = 0; i < nlogs; i++)
		n += logs[i].nboots;
	rungs = calloc((size_t)(n ? n : 1), sizeof(*rungs));
	if (!rungs)
		return 2;
	n = 0;
	for (int i = 0; i < nlogs; i++)
		for (int b = 0; b < logs[i].nboots; b++) {
			const struct rpt_boot *bt = &logs[i].boots[b];

			if (!bt->run.case_name[0])
				continue; /* knob errors before a case was chosen: nothing to place
					   */
			rungs[n] = (struct rung){ bt,
						  &bt->run,
						  names[i],
						  bt->boot_no,
						  rung_of(bt->run.case_name),
						  n,
						  !strcmp(verdict(bt), "pass") };
			n++;
		}
	if (!n) {
		fprintf(out, "no case runs in the logs: nothing to bisect\n");
		free(rungs);
		return 2;
	}
	qsort(rungs, (size_t)n, sizeof(*rungs), by_order);
	fprintf(out, "ladder (case table order):\n");
	for (int i = 0; i < n; i++) {
		const struct rpt_boot *bt = rungs[i].bt;
		char at[64];

		fprintf(out, "  %-20s %-10s %d/%d online  %s%s%s\n", rungs[i].run->case_name,
			verdict(bt), rungs[i].run->online, rungs[i].run->enabled, rungs[i].log,
			place(&rungs[i], at, sizeof(at)),
			rungs[i].order == LADDER_LEN ? "  (not a case of this tool)" : "");
		if (bt->run.skipped)
			continue;
		if (!rungs[i].pass && bad < 0)
			bad = i;
		if (rungs[i].pass && bad < 0)
			good = i;
		if (rungs[i].pass && bad >= 0)
			later_pass++;
	}
	if (bad < 0) {
		fprintf(out, "every run passed: nothing to bisect\n");
		free(rungs);
		return 1;
	}
	if (good >= 0)
		where(out, "last passing", &rungs[good]);
	else
		fprintf(out, "last passing: none: the first rung given already fails\n");
	where(out, "first failing", &rungs[bad]);
	if (later_pass)
		fprintf(out,
			"note: %d later run(s) pass again: the failure does not grow with the "
			"ladder alone\n",
			later_pass);
	if (good >= 0)
		knob_diff(out, rungs[good].run, rungs[bad].run);
	first_failure(out, &rungs[bad]);
	free(rungs);
	return 0;
}
