/* SPDX-License-Identifier: MIT */
/*
 * Local APIC register access in either mode. xAPIC registers are 32-bit
 * MMIO at base + reg; x2APIC registers are MSRs 0x800 + reg/16. One mode
 * holds for every CPU of a run: the BSP picks it, APs follow.
 */
#ifndef SMPSCOPE_APIC_REGS_H
#define SMPSCOPE_APIC_REGS_H

#include <stdint.h>

#define APIC_ID		 0x20
#define APIC_VERSION	 0x30
#define APIC_TPR	 0x80
#define APIC_SVR	 0xf0
#define APIC_ESR	 0x280
#define APIC_LVT_CMCI	 0x2f0
#define APIC_ICR_LOW	 0x300
#define APIC_ICR_HIGH	 0x310
#define APIC_LVT_TIMER	 0x320
#define APIC_LVT_THERMAL 0x330
#define APIC_LVT_PERF	 0x340
#define APIC_LVT_LINT0	 0x350
#define APIC_LVT_LINT1	 0x360
#define APIC_LVT_ERROR	 0x370

#define APIC_SVR_ENABLE	     (1u << 8)
#define APIC_LVT_MASKED	     (1u << 16)
#define APIC_SPURIOUS_VECTOR 0xff

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
