/* SPDX-License-Identifier: MIT */
/*
 * Which emulator the image runs in, decided from raw signals so a host test
 * covers the decision (tests/unit/test_emulator.c); boot/emulator_probe.c
 * reads the signals from the machine. Only a detected emulator's exit port
 * is ever written (docs/hardware.md, "Exit").
 */
#ifndef SMPSCOPE_BOOT_EMULATOR_H
#define SMPSCOPE_BOOT_EMULATOR_H

#include <stdint.h>

#include "../include/exitcode.h"
#include "../include/hw/exit.h"
#include "../include/knob_values.h"

#define EMULATOR_VENDOR_LEN 64

struct emulator_signals {
	int hypervisor;		  /* CPUID.1:ECX[31] */
	char hv_signature[13];	  /* leaf 0x40000000 EBX, ECX, EDX; "" without the bit */
	int fw_cfg_probed;	  /* only where emulator_may_probe_fw_cfg() said so */
	char fw_cfg_signature[5]; /* what fw_cfg key 0 read; "" when not probed */
	char bios_vendor[EMULATOR_VENDOR_LEN]; /* SMBIOS type 0 vendor; "" when none found */
};

struct emulator_verdict {
	enum emulator emulator;
	const char *reason; /* one word for ev=exit reason= (docs/log-format.md) */
};

/* The signature of leaf 0x40000000 as text: printable bytes up to the first NUL. */
void emulator_hv_signature(uint32_t ebx, uint32_t ecx, uint32_t edx, char out[13]);
/*
 * fw_cfg's ports may be touched only under a hypervisor that says it is
 * KVM or QEMU's TCG: never on a real CPU, never under another hypervisor.
 */
int emulator_may_probe_fw_cfg(const struct emulator_signals *s);
struct emulator_verdict emulator_decide(const struct emulator_signals *s);
/* What the exit does: on_exit=auto takes the emulator's port when there is one, else halts. */
enum exit_how exit_how_for(enum on_exit knob, enum emulator e);

#endif
