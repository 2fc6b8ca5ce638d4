/* SPDX-License-Identifier: MIT */
#include "fwsim.h"

#include "../apic/lapic.h"
#include "../boot/ap_layout.h"
#include "../boot/emulator.h"
#include "../boot/exit.h"
#include "../console/log.h"
#include "../lib/fmt.h"

static char refused[160];
static int applied;

int fw_sim_apply(const struct config *cfg)
{
	if (cfg->fw_sim == FW_SIM_OFF)
		return 0;
	/* On a real machine the firmware's own state is the one to test: never overwrite it. */
	if (machine_emulator() == EMULATOR_NONE) {
		fmt_buf(refused, sizeof(refused),
			"fw_sim=%s is for tests in QEMU or Bochs, and no emulator was found: "
			"refused on a real machine",
			fw_sim_names[cfg->fw_sim]);
		return -1;
	}
	if (lapic_firmware_x2apic()) {
		fmt_buf(refused, sizeof(refused),
			"fw_sim=%s: this CPU has no x2APIC (CPUID.1:ECX[21]); QEMU 7.2's TCG has "
			"none, Bochs's x2APIC models do",
			fw_sim_names[cfg->fw_sim]);
		return -1;
	}
	applied = 1;
	return 0;
}

const char *fw_sim_refusal(void)
{
	return refused;
}

void fw_sim_log(const struct config *cfg)
{
	if (cfg->fw_sim == FW_SIM_OFF)
		return;
	ev(EV_FW_SIM, "state=%s applied=%d bsp=x2apic aps=%s emulator=%s",
	   fw_sim_names[cfg->fw_sim], applied,
	   cfg->fw_sim == FW_SIM_X2APIC_ALL ? "x2apic" : "as-reset",
	   emulator_names[machine_emulator()]);
}

unsigned fw_sim_ap_flags(const struct config *cfg)
{
	return applied && cfg->fw_sim == FW_SIM_X2APIC_ALL ? AP_FLAG_FW_X2APIC : 0;
}
