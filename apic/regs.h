/* SPDX-License-Identifier: MIT */
/*
 * Local APIC register access in either mode (the registers: include/hw/apic.h). One mode
 * holds for every CPU of a run: the BSP picks it, APs follow.
 */
#ifndef SMPSCOPE_APIC_REGS_H
#define SMPSCOPE_APIC_REGS_H

#include <stdint.h>

#include "../include/hw/apic.h"

/* Chooses the mode for this run; x2apic also switches the calling CPU into it. */
int apic_mode_set(int x2apic, uint64_t xapic_base);
int apic_mode_x2apic(void);
uint64_t apic_xapic_base(void);
uint32_t apic_read(uint32_t reg);
void apic_write(uint32_t reg, uint32_t v);
/* This CPU's APIC ID from its ID register, in the run's mode. */
uint32_t apic_read_id(void);
/* Software-enables this CPU's APIC and masks every local interrupt source. */
void apic_quiet_enable(void);

#endif
