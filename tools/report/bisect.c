/* SPDX-License-Identifier: MIT */
/*
 * A ladder's answer. The ladder is the rung column of cases/cases.def
 * (1 the most conservative setting, up to the most aggressive), whatever
 * order the logs come in; a run without a verdict (the log ends: a hang or
 * a reset) counts as failing, because that is what a hung machine looks
 * like. A case=all boot gives one run per rung (parse.c); a rung it skipped
 * (ladder=stop) is listed, but neither passes nor fails. A run of a case
 * that is no rung (probe, tsc-sync, park, ...) or that this tool does not
 * know has no place on the ladder: it is listed after the rungs, in the
 * order given, and neither passes nor fails (docs/report.md, "bisect").
 */
#include <stdlib.h>
#include <string.h>

#include "bisect.h"
#include "fields.h"
#include "verdict.h"

struct rung {
	const struct rpt_boot *bt;
	const struct rpt_run *run;
	const char *log;
	int boot, at_rung, seq, pass; /* at_rung: rpt_rung_of(); seq: the order given */
};

/* The rungs by their place, each place's runs in the order given; then every other run. */
static int by_place(const void *a, const void *b)
{
	const struct rung *x = a, *y = b;
	int px = x->at_rung > 0 ? x->at_rung : 0, py = y->at_rung > 0 ? y->at_rung : 0;

	if (px != py)
		return !px ? 1 : !py ? -1 : px - py;
	return x->seq - y->seq;
}

/*
 * What the ladder line of a run adds: a case this tool does not know, or, when
 * some run is a rung (counted: the others are listed only), a case that is no rung.
 */
static const char *listed_only(const struct rung *r, int counted)
{
	if (r->at_rung == NOT_A_CASE)
		return "  (not a case of this tool)";
	return r->at_rung == NOT_A_RUNG && counted ? "  (no rung of the ladder)" : "";
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

static void first_failure(FILE *out, const struct rung *r)
{
	const struct rpt_run *run = r->run;
	int nfailed;
	const struct rpt_cpu *first = rpt_first_failed(run, &nfailed);
	char words[128];

	if (first)
		fprintf(out, "first failure: cpu %d apic %#x %s\n", first->slot, first->apic,
			rpt_failure_words(first, words, sizeof(words)));
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
	int n = 0, bad = -1, good = -1, later_pass = 0, counted = 0, others_failed = 0;

	for (int i = 0; i < nlogs; i++)
		n += logs[i].nboots;
	rungs = calloc((size_t)(n ? n : 1), sizeof(*rungs));
	if (!rungs)
		return 2;
	n = 0;
	for (int i = 0; i < nlogs; i++)
		for (int b = 0; b < logs[i].nboots; b++) {
			const struct rpt_boot *bt = &logs[i].boots[b];

			/* Knob errors before a case was chosen: nothing to place. */
			if (!bt->run.case_name[0])
				continue;
			rungs[n] = (struct rung){ bt,
						  &bt->run,
						  names[i],
						  bt->boot_no,
						  rpt_rung_of(bt->run.case_name),
						  n,
						  !strcmp(rpt_verdict(bt), "pass") };
			n++;
		}
	if (!n) {
		fprintf(out, "no case runs in the logs: nothing to bisect\n");
		free(rungs);
		return 2;
	}
	for (int i = 0; i < n; i++)
		counted |= rungs[i].at_rung > 0;
	qsort(rungs, (size_t)n, sizeof(*rungs), by_place);
	/* With no rung among the runs, the runs given are the ladder: one log's first failure. */
	fprintf(out, counted ? "ladder (rung order):\n"
			     : "ladder (no rung among the runs: the order given):\n");
	for (int i = 0; i < n; i++) {
		const struct rpt_boot *bt = rungs[i].bt;
		char at[64];

		fprintf(out, "  %-20s %-10s %d/%d online  %s%s%s\n", rungs[i].run->case_name,
			rpt_verdict(bt), rungs[i].run->online, rungs[i].run->enabled, rungs[i].log,
			place(&rungs[i], at, sizeof(at)), listed_only(&rungs[i], counted));
		if (bt->run.skipped)
			continue;
		if (counted && rungs[i].at_rung <= 0) {
			others_failed += !rungs[i].pass;
			continue;
		}
		if (!rungs[i].pass && bad < 0)
			bad = i;
		if (rungs[i].pass && bad < 0)
			good = i;
		if (rungs[i].pass && bad >= 0)
			later_pass++;
	}
	if (bad < 0) {
		if (others_failed)
			fprintf(out,
				"every rung passed: nothing to bisect (%d run(s) of cases that are "
				"no rung failed)\n",
				others_failed);
		else
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
