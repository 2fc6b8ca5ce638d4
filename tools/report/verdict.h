/* SPDX-License-Identifier: MIT */
/*
 * A run's verdict and its first failure, as bisect names them and the fleet
 * page shows them (docs/report.md): the rung a case holds on the ladder (the
 * rung column of cases/cases.def), pass/FAIL/NO VERDICT/skipped, and the CPU
 * that failed first on the run's clock with its phase and step.
 */
#ifndef SMPSCOPE_REPORT_VERDICT_H
#define SMPSCOPE_REPORT_VERDICT_H

#include <stddef.h>

#include "model.h"

#define NOT_A_RUNG 0
#define NOT_A_CASE (-1)

/* The case's rung (from 1), NOT_A_RUNG, or NOT_A_CASE for a name the case table does not have. */
int rpt_rung_of(const char *case_name);
/* How many cases the case table has, and the i-th one's name, in the table's order. */
int rpt_ncases(void);
const char *rpt_case_name(int i);

/* "pass", "FAIL", "NO VERDICT" (the log ends inside it: a hang or a reset) or "skipped". */
const char *rpt_verdict(const struct rpt_boot *b);

/* The failed CPU that failed first on the run's clock, or NULL; *nfailed: how many failed. */
const struct rpt_cpu *rpt_first_failed(const struct rpt_run *run, int *nfailed);

/*
 * What the CPU's failure was, with no CPU named: "timed out in phase alive at step lme",
 * "took #UD at step gdt", "ended timeout-callin at step none". The same words for the same
 * failure on any machine, so a fleet's failures can be counted alike.
 */
const char *rpt_failure_words(const struct rpt_cpu *c, char *buf, size_t size);

#endif
