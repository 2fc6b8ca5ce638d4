/* SPDX-License-Identifier: MIT */
/*
 * Every boot files the boot before it on the stick (console/stick.h): the
 * log an earlier boot kept in RAM goes into the next slot of the stick's
 * log partition, unless save=off or it is there already. Under UEFI while
 * boot services still run (kmain_efi, cases/main.c), under BIOS through
 * INT 13h before the image touches anything of the firmware's; said once
 * the consoles are up (docs/screen.md, "No serial port").
 */
#ifndef SMPSCOPE_CASES_SAVE_H
#define SMPSCOPE_CASES_SAVE_H

#include "../arch/bootinfo.h"
#include "config.h"

/* UEFI, boot services kept: reads the knobs and the RAM log itself, saves through Block I/O. */
void save_before_exit(const struct bootinfo *bi);
/* After lastlog_setup(): under BIOS saves through INT 13h; after save_before_exit() nothing. */
void save_bios(const struct config *cfg, const struct bootinfo *bi);
/* The `ev=save` line, and a line in words when a log was saved or could not be. */
void save_report(void);

#endif
