/* SPDX-License-Identifier: MIT */
/*
 * Model-specific registers the image reads or writes, and their bits (Intel
 * SDM vol. 4). docs/hardware.md says why each one is touched.
 */
#ifndef SMPSCOPE_HW_MSR_H
#define SMPSCOPE_HW_MSR_H

#include "const.h"

#define MSR_IA32_TSC 0x10

#define MSR_IA32_APIC_BASE  0x1b
#define APIC_BASE_BSP	    HW_U64(0x100) /* bit 8: this CPU is the BSP */
#define APIC_BASE_X2APIC    HW_U64(0x400) /* bit 10: x2APIC mode */
#define APIC_BASE_ENABLE    HW_U64(0x800) /* bit 11: APIC globally enabled */
#define APIC_BASE_ADDR_MASK HW_U64(0xffffff000)

/*
 * Intel from Nehalem (family 6, model 0x1A) on: SMIs this CPU has entered
 * since reset, 32 bits (Linux's perf msr PMU, arch/x86/events/msr.c,
 * PERF_MSR_SMI). Not architectural: read only after a probe by rdmsr_safe.
 */
#define MSR_SMI_COUNT	      0x34
#define SMI_COUNT_MODEL_MIN   0x1a
#define MSR_IA32_TSC_ADJUST   0x3b
#define MSR_IA32_BIOS_SIGN_ID 0x8b /* Intel: microcode revision in the high half */
/* The same number on AMD: the patch level in the low half, read directly (AMD APM vol. 2). */
#define MSR_AMD64_PATCH_LEVEL MSR_IA32_BIOS_SIGN_ID

/* Enumerated by CPUID.7.0:EDX[29]; bit 21 says IA32_XAPIC_DISABLE_STATUS exists. */
#define MSR_IA32_ARCH_CAPABILITIES 0x10a
#define ARCH_CAP_XAPIC_DISABLE	   HW_U64(0x200000) /* bit 21 */
/* Bit 0 set: the legacy xAPIC is disabled and the APIC is locked in x2APIC mode. */
#define MSR_IA32_XAPIC_DISABLE_STATUS 0xbd
#define LEGACY_XAPIC_DISABLED	      HW_U64(0x1)

#define MSR_MTRRCAP	     0xfe
#define MSR_MTRR_PHYSBASE(n) (0x200 + 2 * (n))
#define MSR_MTRR_PHYSMASK(n) (0x201 + 2 * (n))
#define MSR_MTRR_DEF_TYPE    0x2ff

/* Page attribute table: byte n is the memory type of PAT entry n (Intel SDM vol. 3, 13.12). */
#define MSR_IA32_PAT 0x277
#define PAT_TYPE_WC  HW_U64(0x01)

/* The x2APIC registers: MSR 0x800 + the xAPIC offset / 16 (include/hw/apic.h). */
#define MSR_X2APIC_BASE 0x800

#define MSR_EFER 0xc0000080
#define EFER_LME HW_U64(0x100) /* bit 8: long mode enable */

#endif
