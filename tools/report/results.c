/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "results.h"

void rpt_on_result(struct rpt_line *c, struct rpt_boot *b, const char *s, int indent)
{
	struct rpt_run *run = &b->run;
	int ok = strncmp(s, "not ok ", 7) != 0, n;
	const char *p = s + (ok ? 3 : 7), *hash;
	struct rpt_check *k;

	if (sscanf(p, "%d", &n) != 1) {
		rpt_problem(c, "a result line without a number");
		return;
	}
	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	if (indent == 0) {
		run->result = ok;
		hash = strstr(p, " # ");
		if (ok && hash && !strncmp(hash + 3, "SKIP", 4))
			run->skipped = 1;
		if (!run->case_name[0])
			snprintf(run->case_name, sizeof(run->case_name), "%.*s",
				 (int)strcspn(p, " "), p);
		return;
	}
	if (run->nchecks >= RPT_MAX_CHECKS) {
		rpt_problem(c, "more than %d checks in one case; the rest are not kept",
			    RPT_MAX_CHECKS);
		return;
	}
	if (rpt_grow((void **)&run->checks, &run->checks_cap, sizeof(*run->checks), run->nchecks))
		return;
	k = &run->checks[run->nchecks++];
	k->ok = ok;
	hash = strstr(p, " # ");
	snprintf(k->name, sizeof(k->name), "%.*s", (int)(hash ? hash - p : (long)strlen(p)), p);
	if (hash) {
		snprintf(k->msg, sizeof(k->msg), "%s", hash + 3);
		k->skip = !strncmp(hash + 3, "SKIP", 4);
	}
}
