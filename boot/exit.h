/* SPDX-License-Identifier: MIT */
/*
 * Leaving the machine: the verdict on every console, then the detected
 * emulator's exit port, a halt or a reset (docs/hardware.md, "Exit").
 */
#ifndef SMPSCOPE_BOOT_EXIT_H
#define SMPSCOPE_BOOT_EXIT_H

#include "../include/exitcode.h"

/*
 * Takes on_exit= (enum on_exit) and looks for an emulator now, so an exit
 * from a fault later needs no probing. Until it runs, an exit is on_exit=auto.
 */
void machine_exit_setup(int on_exit);
/* The emulator machine_exit_setup found: EMULATOR_NONE on metal (boot/emulator.h). */
int machine_emulator(void);
/* Logs ev=exit, drains and flushes every console, then leaves as on_exit= says. */
void __attribute__((noreturn)) machine_exit(int pass);
/* The same without the log, for when the log itself cannot be trusted. */
void __attribute__((noreturn)) machine_exit_now(int pass);

#endif
