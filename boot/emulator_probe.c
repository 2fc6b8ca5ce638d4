/* SPDX-License-Identifier: MIT */
#include "emulator_probe.h"

#include "../include/hw/bios.h"
#include "../lib/string.h"
#include "../arch/cpu.h"
#include "../arch/physmap.h"
#include "smbios.h"

static void read_fw_cfg_signature(char out[FW_CFG_SIGNATURE_LEN + 1])
{
	outw(PORT_FW_CFG_SELECTOR, FW_CFG_KEY_SIGNATURE);
	for (int i = 0; i < FW_CFG_SIGNATURE_LEN; i++) {
		char c = (char)inb(PORT_FW_CFG_DATA);

		out[i] = c >= ' ' && c < 0x7f ? c : '?';
	}
	out[FW_CFG_SIGNATURE_LEN] = '\0';
}

void emulator_probe(struct emulator_signals *s)
{
	memset(s, 0, sizeof(*s));
	s->hypervisor = !!(cpuid(1, 0).ecx & CPUID_1_ECX_HYPERVISOR);
	if (s->hypervisor) {
		struct cpuid_regs r = cpuid(CPUID_LEAF_HYPERVISOR, 0);

		emulator_hv_signature(r.ebx, r.ecx, r.edx, s->hv_signature);
	}
	if (smbios_bios_vendor(&phys_identity, SMBIOS_SCAN_BASE, SMBIOS_SCAN_SIZE, s->bios_vendor,
			       sizeof(s->bios_vendor)))
		s->bios_vendor[0] = '\0';
	if (emulator_may_probe_fw_cfg(s)) {
		read_fw_cfg_signature(s->fw_cfg_signature);
		s->fw_cfg_probed = 1;
	}
}
