/* SPDX-License-Identifier: MIT */
/* Each case's behaviour, by the runner column of cases/cases.def (image only). */
#ifndef SMPSCOPE_CASES_OPS_TABLE_H
#define SMPSCOPE_CASES_OPS_TABLE_H

#include "case_ops.h"

/* The ops of the case at case_idx of the case table (cases/table.h). */
const struct case_ops *case_ops_of(int case_idx);

#endif
