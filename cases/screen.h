/* SPDX-License-Identifier: MIT */
/* The screen's header (docs/screen.md): the case and the knobs given, then the machine. */
#ifndef SMPSCOPE_CASES_SCREEN_H
#define SMPSCOPE_CASES_SCREEN_H

#include "../apic/enumerate.h"
#include "../arch/bootinfo.h"
#include "config.h"

void screen_show_header(const struct config *cfg, const struct bootinfo *bi);
/*
 * The MADT's source after the case in line 0, when a module came: "MADT module NAME", or
 * "MADT firmware, module NAME refused". The firmware's table alone adds nothing.
 */
void cases_screen_madt(const struct cpu_enum *e);

#endif
