/* SPDX-License-Identifier: MIT */
/*
 * The APIC-ID truth table: every ID a CPU answers to, side by side (the
 * MADT's, CPUID.1's, CPUID 0x1F/0xB's, the ID register's) with
 * IA32_APIC_BASE as the CPU was found, and Linux's words where they
 * disagree (docs/log-format.md, docs/hardware.md).
 */
#ifndef SMPSCOPE_SMP_APICID_H
#define SMPSCOPE_SMP_APICID_H

#include <stdint.h>

#include "../apic/lapic.h"
#include "../include/knob_values.h"

/*
 * The BSP's row. madt is the ID of the MADT entry that names it (the one
 * matching its register), -1 if none; locked from lapic_x2apic_locked().
 * Returns how many disagreements it printed.
 */
unsigned apicid_log_bsp(const struct apic_truth *t, int64_t madt, int locked);

/*
 * One row per AP that reached the ID register, from its breadcrumbs
 * (cpus[] must be built). bsp_x2apic is the mode the firmware left the BSP
 * in, to name the mixed state per AP. Returns the disagreements printed.
 */
unsigned apicid_report_aps(enum apicid_source src, int bsp_x2apic);

#endif
