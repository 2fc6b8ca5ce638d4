/* SPDX-License-Identifier: MIT */
/*
 * The CPU table on the screen (docs/screen.md): each CPU's cell in the
 * panel, refreshed whenever the log reaches the consoles (a phase
 * boundary), and the one-line diagnosis of every CPU the BSP gave up on.
 */
#ifndef SMPSCOPE_SMP_SCREEN_H
#define SMPSCOPE_SMP_SCREEN_H

#include "cpus.h"

/* From now on the panel shows the CPU table (smp_run calls it). */
void screen_cpus_start(void);
/* "CPU 5 (APIC 0x5) stopped at longmode (phase alive)": frozen on screen. */
void screen_cpu_timeout(const struct cpu *c, enum phase ph, enum step_id last);
/* A CPU that checked in after the BSP gave up on it. */
void screen_cpu_late(const struct cpu *c);

#endif
