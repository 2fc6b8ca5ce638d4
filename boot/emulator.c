/* SPDX-License-Identifier: MIT */
#include "emulator.h"

#include "../lib/string.h"

/* Leaf 0x40000000 signatures of QEMU's two x86 accelerators on Linux hosts. */
#define HV_SIG_KVM  "KVMKVMKVM"
#define HV_SIG_TCG  "TCGTCGTCGTCG"
#define FW_CFG_QEMU "QEMU"
/* The Bochs BIOS (rombios32.c) names its vendor so in SMBIOS type 0. */
#define BOCHS_BIOS_VENDOR "The Bochs Project"

void emulator_hv_signature(uint32_t ebx, uint32_t ecx, uint32_t edx, char out[13])
{
	const uint32_t regs[3] = { ebx, ecx, edx };
	int n = 0;

	for (int i = 0; i < 12; i++) {
		char c = (char)(regs[i / 4] >> (8 * (i % 4)));

		if (c == '\0')
			break;
		out[n++] = c >= ' ' && c < 0x7f ? c : '?';
	}
	out[n] = '\0';
}

int emulator_may_probe_fw_cfg(const struct emulator_signals *s)
{
	return s->hypervisor && (strcmp(s->hv_signature, HV_SIG_KVM) == 0 ||
				 strcmp(s->hv_signature, HV_SIG_TCG) == 0);
}

struct emulator_verdict emulator_decide(const struct emulator_signals *s)
{
	if (s->hypervisor) {
		if (!emulator_may_probe_fw_cfg(s))
			return (struct emulator_verdict){ EMULATOR_NONE, "hypervisor-not-qemu" };
		if (!s->fw_cfg_probed || strcmp(s->fw_cfg_signature, FW_CFG_QEMU) != 0)
			return (struct emulator_verdict){ EMULATOR_NONE, "no-fw_cfg" };
		return (struct emulator_verdict){ EMULATOR_QEMU, "fw_cfg" };
	}
	/* Bochs's CPU models leave the hypervisor bit clear: its BIOS names it. */
	if (strcmp(s->bios_vendor, BOCHS_BIOS_VENDOR) == 0)
		return (struct emulator_verdict){ EMULATOR_BOCHS, "smbios" };
	return (struct emulator_verdict){ EMULATOR_NONE, "no-hypervisor-bit" };
}

enum exit_how exit_how_for(enum on_exit knob, enum emulator e)
{
	switch (knob) {
	case ON_EXIT_HALT:
		return EXIT_HOW_HALT;
	case ON_EXIT_REBOOT:
		return EXIT_HOW_REBOOT;
	case ON_EXIT_AUTO:
		break;
	}
	return e == EMULATOR_NONE ? EXIT_HOW_HALT : EXIT_HOW_PORT;
}
