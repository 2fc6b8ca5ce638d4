/* SPDX-License-Identifier: MIT */
/*
 * case=all: the ladder in one boot. The rungs are the bringup cases from
 * one-ap to broadcast in the case table's order, each a KTAP top-level
 * test under its own preset plus the command line (docs/flows.md).
 */
#ifndef SMPSCOPE_CASES_LADDER_H
#define SMPSCOPE_CASES_LADDER_H

#include "../arch/bootinfo.h"
#include "config.h"

/* How many rungs: the KTAP plan of a case=all boot. */
unsigned ladder_rungs(void);
/* Runs every rung, each its own top-level test; returns 0 when the ladder was refused. */
int case_ladder(const struct config *cfg, const struct bootinfo *bi);

#endif
