/* SPDX-License-Identifier: MIT */
/*
 * The CMOS warm-reset vector around a bringup (warm_reset=per-cpu|once|off):
 * shutdown code 0x0A in register 0x0F and the trampoline's address at 40:67,
 * which only an external 82489DX APIC needs, and whatever was found put back.
 */
#ifndef SMPSCOPE_SMP_WARMRESET_H
#define SMPSCOPE_SMP_WARMRESET_H

#include "cpus.h"

/* Reads and logs what the firmware left (when=found). */
void warm_reset_found(void);
/* Writes 0x0A and the vector; c is the CPU it is for, NULL for warm_reset=once. */
void warm_reset_setup(struct cpu *c);
/* Puts back what was found. Safe to call when nothing was set up. */
void warm_reset_restore(void);
/* Logs how often what was found was written back, and what that was (when=restore). */
void warm_reset_log_restores(void);
/* Logs the state now (when=after); returns 1 when it equals what was found. */
int warm_reset_after(void);

#endif
