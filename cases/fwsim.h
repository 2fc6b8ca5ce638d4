/* SPDX-License-Identifier: MIT */
/*
 * fw_sim= (test-only, docs/knobs.md): the APIC state a firmware may leave, which
 * emulators' firmware never does, put in place before the image looks at it. Refused
 * on metal: only a detected QEMU or Bochs (boot/emulator.c) takes it.
 */
#ifndef SMPSCOPE_CASES_FWSIM_H
#define SMPSCOPE_CASES_FWSIM_H

#include "config.h"

/* Puts the BSP in the state fw_sim= names; 0 when done or off, -1 (why set) when refused. */
int fw_sim_apply(const struct config *cfg);
/* Why fw_sim_apply refused, for the KTAP check fw_sim. */
const char *fw_sim_refusal(void);
/* The ev=fw-sim line (nothing with fw_sim=off). */
void fw_sim_log(const struct config *cfg);
/* The trampoline's flag for the APs: AP_FLAG_FW_X2APIC with x2apic-all, else 0. */
unsigned fw_sim_ap_flags(const struct config *cfg);

#endif
