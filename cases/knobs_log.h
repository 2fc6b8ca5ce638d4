/* SPDX-License-Identifier: MIT */
/* The ev=knobs line (docs/log-format.md): every knob in force, so a log says exactly what ran. */
#ifndef SMPSCOPE_CASES_KNOBS_LOG_H
#define SMPSCOPE_CASES_KNOBS_LOG_H

#include "config.h"

/* Every knob of c, as the knob table names them, then lastlog=, consoles= and faults=. */
void knobs_log(const struct config *c);

#endif
