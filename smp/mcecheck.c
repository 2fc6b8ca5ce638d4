/* SPDX-License-Identifier: MIT */
/*
 * A bringup's machine checks as its report has them (smp/reports.def): every
 * record boot/mce.c kept since the report before, logged as ev=mce, and the
 * check no_machine_checks naming the first #MC's CPU, bank and step.
 */
#include "../boot/mce.h"
#include "../console/ktap.h"
#include "report_row.h"

/* The records before this index belong to an earlier report. */
static unsigned first;

unsigned mce_report(const struct report_ctx *x)
{
	unsigned n;
	const struct mce_rec *r;

	(void)x;
	(void)mce_log_new(cpus_slot_of);
	r = mce_first_mc(first, &n);
	first = mce_records();
	if (!r) {
		ktap_check(1, "no_machine_checks", "no #MC on any CPU");
		return 0;
	}
	ktap_check(0, "no_machine_checks",
		   "%u bank%s reported a machine check (ev=mce); first: CPU%d (apic %#x) bank %u "
		   "status %#llx at %s%s%s",
		   n, n == 1 ? "" : "s", cpus_slot_of(r->apic), r->apic, r->bank,
		   (unsigned long long)r->status, r->bsp_step ? r->bsp_step : step_names[r->step],
		   r->bsp_step ? "" : ", phase ",
		   r->bsp_step		 ? ""
		   : r->phase < PH_COUNT ? phase_names[r->phase]
					 : "up");
	return 1;
}
