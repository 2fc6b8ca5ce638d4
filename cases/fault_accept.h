/* SPDX-License-Identifier: MIT */
/*
 * Which faults a case injects: a kind's row in include/fault_kinds.h names
 * its takers, a case's ops (cases/case_ops.h) which takers it is.
 */
#ifndef SMPSCOPE_CASES_FAULT_ACCEPT_H
#define SMPSCOPE_CASES_FAULT_ACCEPT_H

#include "config.h"

/*
 * Refuses, with a KTAP not ok each, the faults of cfg that none of takers
 * (a mask of FAULT_BY()) injects; returns 1 when every one is taken.
 */
int fault_accept(const struct config *cfg, unsigned takers);

#endif
