/* SPDX-License-Identifier: MIT */
/*
 * Resetting the machine: cleanly for on_exit=reboot (docs/hardware.md,
 * "Exit"), or the way a hang's reset button would (fault=reset,
 * docs/knobs.md).
 */
#ifndef SMPSCOPE_BOOT_RESET_H
#define SMPSCOPE_BOOT_RESET_H

#include <stddef.h>
#include <stdint.h>

/* The FADT's RESET_REG and RESET_VALUE (ACPI 6.5 5.2.9), when RESET_REG_SUP says they work. */
struct reset_reg {
	uint8_t space; /* the generic address structure's space: 0 memory, 1 I/O, 2 PCI config */
	uint8_t value;
	uint64_t addr;
};

/* What apic/enumerate.c found in the FADT, for machine_reset's first try; NULL: none. */
void reset_use_acpi(const struct reset_reg *r);
/* The order machine_reset() will try, for ev=exit reset= ("acpi:io:0xcf9=0xf,kbd,cf9,triple"). */
size_t reset_plan(char *buf, size_t size);
/*
 * A reset in Linux's order (reboot.c, native_machine_emergency_restart):
 * the FADT's reset register, the 8042's reset pulse, then the chipset's
 * Reset Control Register (0xCF9) read, modified and written for a warm
 * reset, then a triple fault. EFI's ResetSystem is gone with the boot
 * services GRUB exited (docs/hardware.md, "Exit").
 */
void __attribute__((noreturn)) machine_reset(void);

/*
 * Loads an empty IDT and raises an exception: with no gate to deliver it
 * nor the #DF that follows, the CPU shuts down, and the chipset (or Bochs
 * with reset_on_triple_fault=1) resets the machine. Nothing is put back
 * first, just as a real reset would find it.
 */
void __attribute__((noreturn)) cpu_triple_fault(void);

#endif
