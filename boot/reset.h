/* SPDX-License-Identifier: MIT */
/* A machine reset the way a hang's reset button would give it (fault=reset, docs/knobs.md). */
#ifndef SMPSCOPE_BOOT_RESET_H
#define SMPSCOPE_BOOT_RESET_H

/*
 * Loads an empty IDT and raises an exception: with no gate to deliver it
 * nor the #DF that follows, the CPU shuts down, and the chipset (or Bochs
 * with reset_on_triple_fault=1) resets the machine. Nothing is put back
 * first, just as a real reset would find it.
 */
void __attribute__((noreturn)) cpu_triple_fault(void);

#endif
