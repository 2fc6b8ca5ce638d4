/* SPDX-License-Identifier: MIT */
/* Turning fault= knobs into what the bringup engine injects, targets resolved to APIC IDs. */
#ifndef SMPSCOPE_CASES_FAULTS_H
#define SMPSCOPE_CASES_FAULTS_H

#include "../smp/smp.h"
#include "config.h"

/* Fills p's fault fields; a fault that cannot be injected gets a KTAP not ok and -1. */
int faults_resolve(const struct config *cfg, struct smp_params *p);

#endif
