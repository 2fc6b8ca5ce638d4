/* SPDX-License-Identifier: MIT */
/*
 * case=all: the ladder in one boot. The rungs are the cases with a rung in
 * the case table (cases/cases.def), one-ap to broadcast, each a KTAP
 * top-level test under its own preset plus the command line. Between rungs
 * every AP the rung before kicked gets INIT, the CPU table is built again
 * from the MADT, and each AP's APIC mode and TSC_ADJUST are compared with
 * its first rung (recheck.h).
 * fault= applies from the rung fault_from names on; ladder=stop skips the
 * rungs after the first that fails (docs/flows.md).
 */
#include "../boot/exception.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../lib/string.h"
#include "../smp/reinit.h"
#include "../smp/warmreset.h"
#include "bringup.h"
#include "case_ops.h"
#include "fault_accept.h"
#include "knobs_log.h"
#include "recheck.h"
#include "table.h"

static int rungs[32];
static unsigned nrungs, next_rung;
static struct config rung_cfg;
static struct cmdline_errors rung_errs;

/* The rungs in their order, from the table's rung column (cases/cases.def). */
static unsigned find_rungs(void)
{
	nrungs = 0;
	for (unsigned place = 1; nrungs < sizeof(rungs) / sizeof(rungs[0]); place++) {
		size_t i = 0;

		while (i < case_count && case_table[i].rung != place)
			i++;
		if (i == case_count)
			break;
		rungs[nrungs++] = (int)i;
	}
	return nrungs;
}

/* The KTAP plan of a case=all boot: one top-level test a rung. */
static unsigned plan(void)
{
	return find_rungs();
}

/*
 * The rungs take the bringup's faults but reset (include/fault_kinds.h):
 * a reset would start the boot, and so the ladder, over.
 */
static unsigned takers(const struct config *cfg)
{
	(void)cfg;
	return FAULT_BY(LADDER);
}

static const char *rung_name(unsigned k)
{
	return case_table[rungs[k]].name;
}

static void skip_from(unsigned k, const char *why)
{
	for (; k < nrungs; k++) {
		ev(EV_RUNG, "n=%u of=%u case=%s skipped=1", k + 1, nrungs, rung_name(k));
		ktap_case_skip(rung_name(k), why);
	}
	next_rung = nrungs;
}

/* After a BSP failure (cases/runner.c): the rungs not reached are written as skipped. */
static void skip_rest(const char *why)
{
	char r[200];

	fmt_buf(r, sizeof(r), "the BSP failed in rung %u: %s", next_rung, why);
	skip_from(next_rung, r);
}

/* What case=all refuses before its first rung; checks of that rung when it does. */
static int acceptable(const struct config *all)
{
	char list[160];
	size_t o = 0;

	for (unsigned k = 0; k < nrungs; k++)
		if (rungs[k] == all->fault_from)
			return fault_accept(all, takers(all));
	for (unsigned k = 0; k < nrungs && o < sizeof(list); k++)
		o += fmt_buf(list + o, sizeof(list) - o, "%s%s", k ? ", " : "", rung_name(k));
	ktap_check(0, "fault_from", "fault_from=%s is not a rung: one of %s",
		   case_table[all->fault_from].name, list);
	return 0;
}

/* One rung as its own top-level test; returns 1 when it passed. */
static int rung(unsigned k, const struct config *all, const struct bootinfo *bi)
{
	struct reinit_result init = { 0, 0, 0 };
	int ok;

	/* The line parsed without an error for case=all; so it does for each rung's preset. */
	memset(&rung_errs, 0, sizeof(rung_errs));
	config_parse_as(bi->cmdline, rungs[k], &rung_cfg, &rung_errs);
	rung_cfg.in_ladder = 1;
	/* Rungs are in table order, so "from fault_from on" is a comparison of indexes. */
	if (rungs[k] < all->fault_from)
		rung_cfg.nfaults = 0;
	if (k > 0)
		smp_reinit(bringup_params(), &init);
	ev(EV_RUNG, "n=%u of=%u case=%s init=%u init_errors=%u parked=%u", k + 1, nrungs,
	   rung_name(k), init.sent, init.errors, init.parked);
	knobs_log(&rung_cfg);
	next_rung = k + 1;
	ktap_case_begin(rung_name(k));
	exception_set_step(rung_name(k));
	if (k == 0 && (!acceptable(all) || bringup_measure(bi))) {
		ktap_case_end();
		skip_from(1, "case=all could not start: see rung 1");
		return 0;
	}
	ok = bringup_run(&rung_cfg, bi);
	if (ok)
		recheck_rung(k + 1, rung_name(k), bringup_params());
	return ktap_case_end() && ok;
}

/* Runs every rung, each its own top-level test: theirs are the boot's verdict (cases/runner.c). */
static int run(const struct config *cfg, const struct bootinfo *bi)
{
	unsigned failed = 0;
	char why[96];

	find_rungs();
	for (unsigned k = 0; k < nrungs; k++) {
		if (failed && cfg->ladder == LADDER_STOP) {
			fmt_buf(why, sizeof(why), "ladder=stop: rung %u (%s) failed", failed,
				rung_name(failed - 1));
			skip_from(k, why);
			break;
		}
		if (!rung(k, cfg, bi) && !failed)
			failed = k + 1;
		if (next_rung == nrungs && k + 1 < nrungs)
			break; /* rung 1 could not start: the rest are written as skipped */
	}
	return 1;
}

const struct case_ops ladder_ops = {
	.run = run,
	.plan = plan,
	.own_tests = 1,
	.takers = takers,
	.cleanup = warm_reset_leave,
	.rest = skip_rest,
};
