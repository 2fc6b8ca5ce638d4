/* SPDX-License-Identifier: MIT */
/*
 * Local APIC registers (Intel SDM vol. 3, 11). In xAPIC mode each is 32-bit
 * MMIO at base + offset; in x2APIC mode it is MSR 0x800 + offset / 16, and
 * the ICR is one 64-bit MSR with the destination in the high half.
 */
#ifndef SMPSCOPE_HW_APIC_H
#define SMPSCOPE_HW_APIC_H

#include "msr.h"

#define APIC_ID		  0x20 /* xAPIC: ID in bits 31:24; x2APIC: the whole register */
#define APIC_VERSION	  0x30 /* max LVT entry in bits 23:16 */
#define APIC_TPR	  0x80
#define APIC_EOI	  0xb0
#define APIC_SVR	  0xf0
#define APIC_ESR	  0x280
#define APIC_LVT_CMCI	  0x2f0
#define APIC_ICR_LOW	  0x300
#define APIC_ICR_HIGH	  0x310
#define APIC_LVT_TIMER	  0x320
#define APIC_LVT_THERMAL  0x330
#define APIC_LVT_PERF	  0x340
#define APIC_LVT_LINT0	  0x350
#define APIC_LVT_LINT1	  0x360
#define APIC_LVT_ERROR	  0x370
#define APIC_TIMER_INIT	  0x380
#define APIC_TIMER_DIVIDE 0x3e0

#define X2APIC_MSR(reg) (MSR_X2APIC_BASE + ((reg) >> 4))
#define MSR_X2APIC_ID	X2APIC_MSR(APIC_ID)	 /* 0x802 */
#define MSR_X2APIC_ICR	X2APIC_MSR(APIC_ICR_LOW) /* 0x830 */

#define APIC_ID_SHIFT	     24 /* xAPIC ID register and ICR high half */
#define APIC_SVR_ENABLE	     0x100
#define APIC_LVT_MASKED	     0x10000
#define APIC_SPURIOUS_VECTOR 0xff

#define APIC_TIMER_PERIODIC 0x20000 /* LVT timer mode bits 18:17 = 01 */
#define APIC_DIVIDE_BY_1    0xb
#define APIC_DIVIDE_BY_128  0xa /* divide configuration bits 3,1:0 = 1,10 */

/* ICR low half */
#define ICR_DM_FIXED	     0x000
#define ICR_DM_NMI	     0x400
#define ICR_DM_INIT	     0x500
#define ICR_DM_STARTUP	     0x600
#define ICR_DELIVERY_PENDING 0x1000
#define ICR_LEVEL_ASSERT     0x4000
#define ICR_TRIGGER_LEVEL    0x8000
#define ICR_ALL_BUT_SELF     0xc0000

/*
 * The ESR bits Linux counts as a failed IPI (wakeup_secondary_cpu_via_init
 * masks 0xEF): bit 4, a redirectable IPI, is no delivery error.
 */
#define ESR_ERRORS 0xef

#endif
