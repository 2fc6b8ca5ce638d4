/* SPDX-License-Identifier: MIT */
/* The AP's side of the bringup, from its first C to its idle loop. */
#ifndef SMPSCOPE_SMP_AP_H
#define SMPSCOPE_SMP_AP_H

#include <stdint.h>

#include "../arch/cpustate.h"
#include "smp.h"

/* Called by the trampoline with the AP's own stack; never returns. */
void ap_main(uint32_t slot, uint32_t ticket);
/* What the APs follow, and the BSP's firmware state they compare theirs with. */
void ap_setup(const struct smp_params *p, const struct cpu_state *bsp_state);

#endif
