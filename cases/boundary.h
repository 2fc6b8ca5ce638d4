/* SPDX-License-Identifier: MIT */
/* A phase boundary of a case: with log=live the ring is drained here, with log=deferred not. */
#ifndef SMPSCOPE_CASES_BOUNDARY_H
#define SMPSCOPE_CASES_BOUNDARY_H

#include "config.h"

void case_boundary(const struct config *cfg);

#endif
