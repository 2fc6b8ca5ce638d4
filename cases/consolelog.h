/* SPDX-License-Identifier: MIT */
/* The consoles' fates, as con_setup() found them: one ev=console line each (docs/log-format.md). */
#ifndef SMPSCOPE_CASES_CONSOLELOG_H
#define SMPSCOPE_CASES_CONSOLELOG_H

#include "../console/console.h"

void consolelog(const struct con_found_list *found);

#endif
