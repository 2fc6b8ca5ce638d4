/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "verdict.h"

static const struct {
	const char *name;
	int rung;
} cases[] = {
#define CASE(name, runner, rung, title, knobs) { name, rung },
#include "../../cases/cases.def"
#undef CASE
};

int rpt_rung_of(const char *case_name)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!strcmp(cases[i].name, case_name))
			return cases[i].rung;
	return NOT_A_CASE;
}

int rpt_ncases(void)
{
	return (int)(sizeof(cases) / sizeof(cases[0]));
}

const char *rpt_case_name(int i)
{
	return cases[i].name;
}

const char *rpt_verdict(const struct rpt_boot *b)
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

const struct rpt_cpu *rpt_first_failed(const struct rpt_run *run, int *nfailed)
{
	const struct rpt_cpu *first = NULL;

	*nfailed = 0;
	for (int k = 0; k < run->ncpus; k++) {
		const struct rpt_cpu *c = &run->cpus[k];

		if (!cpu_failed(c))
			continue;
		++*nfailed;
		if (!first || failed_at(c) < failed_at(first))
			first = c;
	}
	return first;
}

const char *rpt_failure_words(const struct rpt_cpu *c, char *buf, size_t size)
{
	if (c->excepted)
		snprintf(buf, size, "took %s at step %s",
			 c->exc_name[0] ? c->exc_name : "an exception",
			 c->exc_step[0] ? c->exc_step : "unknown");
	else if (c->timed_out)
		snprintf(buf, size, "timed out in phase %s at step %s", c->timeout_phase,
			 c->timeout_step);
	else
		snprintf(buf, size, "ended %s at step %s", c->state,
			 c->last_step[0] ? c->last_step : "none");
	return buf;
}
