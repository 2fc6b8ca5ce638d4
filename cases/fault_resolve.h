/* SPDX-License-Identifier: MIT */
/*
 * Turning fault= items into what the bringup engine injects, targets
 * resolved to APIC IDs: each kind's resolver is named by its row in
 * include/fault_kinds.h.
 */
#ifndef SMPSCOPE_CASES_FAULT_RESOLVE_H
#define SMPSCOPE_CASES_FAULT_RESOLVE_H

#include "../smp/smp.h"
#include "config.h"

/* Fills p->fault; a fault that cannot be injected gets a KTAP not ok and -1. */
int faults_resolve(const struct config *cfg, struct smp_params *p);

#endif
