/* SPDX-License-Identifier: MIT */
/*
 * Resetting the machine: cleanly for on_exit=reboot (docs/hardware.md,
 * "Exit"), or the way a hang's reset button would (fault=reset,
 * docs/knobs.md).
 */
#ifndef SMPSCOPE_BOOT_RESET_H
#define SMPSCOPE_BOOT_RESET_H

/*
 * A hard reset through the chipset's Reset Control Register (0xCF9); where
 * that does nothing, the 8042's reset pulse. Returns only when neither reset
 * the machine, after bounded waits.
 */
void machine_reset(void);

/*
 * Loads an empty IDT and raises an exception: with no gate to deliver it
 * nor the #DF that follows, the CPU shuts down, and the chipset (or Bochs
 * with reset_on_triple_fault=1) resets the machine. Nothing is put back
 * first, just as a real reset would find it.
 */
void __attribute__((noreturn)) cpu_triple_fault(void);

#endif
