/* SPDX-License-Identifier: MIT */
/* The screen's header (docs/screen.md): the case and the knobs given, then the machine. */
#ifndef SMPSCOPE_CASES_SCREEN_H
#define SMPSCOPE_CASES_SCREEN_H

#include "../arch/bootinfo.h"
#include "config.h"

void screen_show_header(const struct config *cfg, const struct bootinfo *bi);

#endif
