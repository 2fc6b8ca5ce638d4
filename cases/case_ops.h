/* SPDX-License-Identifier: MIT */
/*
 * What a case does, as data: each runner of cases/cases.def (its runner
 * column) defines one struct case_ops, <runner>_ops, and cases/runner.c
 * reads it; nothing is registered at run time (docs/layout.md).
 */
#ifndef SMPSCOPE_CASES_CASE_OPS_H
#define SMPSCOPE_CASES_CASE_OPS_H

struct config;
struct bootinfo;

struct case_ops {
	/* Records its checks with ktap_check(); returns 0 when it could not run to its end. */
	int (*run)(const struct config *cfg, const struct bootinfo *bi);
	/* How many top-level KTAP tests it writes: the boot's plan. NULL: one. */
	unsigned (*plan)(void);
	/*
	 * 0: the runner begins one top-level test named after the case, refuses
	 * the faults it does not take, runs it and ends the test. 1: run begins
	 * and ends its tests itself (case=all's rungs) and refuses faults in them.
	 */
	int own_tests;
	/*
	 * Which takers of include/fault_kinds.h the case is under cfg (a mask of
	 * FAULT_BY()); a fault= none of them takes is refused. NULL: fault= is
	 * not looked at.
	 */
	unsigned (*takers)(const struct config *cfg);
	/* Before the image exits, also after a BSP failure: puts firmware state back. */
	void (*cleanup)(void);
	/* After a BSP failure has ended the open test: writes the planned tests not reached. */
	void (*rest)(const char *why);
};

#endif
