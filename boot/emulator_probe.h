/* SPDX-License-Identifier: MIT */
/* Reading the signals boot/emulator.c decides on, from this machine. */
#ifndef SMPSCOPE_BOOT_EMULATOR_PROBE_H
#define SMPSCOPE_BOOT_EMULATOR_PROBE_H

#include "emulator.h"

/*
 * CPUID leaves 1 and 0x40000000, the SMBIOS type 0 vendor (memory reads in
 * the BIOS area), and fw_cfg's signature only where
 * emulator_may_probe_fw_cfg() allows it (docs/hardware.md, "Exit").
 */
void emulator_probe(struct emulator_signals *s);

#endif
