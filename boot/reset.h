/* SPDX-License-Identifier: MIT */
/* Resetting the machine for on_exit=reboot (docs/hardware.md, "Exit"). */
#ifndef SMPSCOPE_BOOT_RESET_H
#define SMPSCOPE_BOOT_RESET_H

/*
 * A hard reset through the chipset's Reset Control Register (0xCF9); where
 * that does nothing, the 8042's reset pulse. Returns only when neither reset
 * the machine, after bounded waits.
 */
void machine_reset(void);

#endif
