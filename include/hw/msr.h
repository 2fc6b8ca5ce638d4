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

/* Machine-check architecture (Intel SDM vol. 3, 16.3; AMD APM vol. 2, 9.3). */
#define MSR_IA32_MCG_CAP      0x179
#define MCG_CAP_COUNT_MASK    HW_U64(0xff)  /* bits 7:0: how many banks */
#define MCG_CAP_CTL_P	      HW_U64(0x100) /* bit 8: IA32_MCG_CTL exists */
#define MSR_IA32_MCG_STATUS   0x17a
#define MCG_STATUS_RIPV	      HW_U64(0x1) /* the interrupted RIP can be returned to */
#define MCG_STATUS_EIPV	      HW_U64(0x2) /* the RIP pushed is where the error happened */
#define MCG_STATUS_MCIP	      HW_U64(0x4) /* a machine check is in progress */
#define MSR_IA32_MCG_CTL      0x17b
#define MSR_IA32_MC_CTL(n)    (0x400 + 4 * (n))
#define MSR_IA32_MC_STATUS(n) (0x401 + 4 * (n))
#define MSR_IA32_MC_ADDR(n)   (0x402 + 4 * (n))
#define MSR_IA32_MC_MISC(n)   (0x403 + 4 * (n))
#define MC_STATUS_VAL	      HW_U64(0x8000000000000000) /* bit 63: the bank holds an error */
#define MC_STATUS_UC	      HW_U64(0x2000000000000000) /* bit 61: uncorrected */
#define MC_STATUS_MISCV	      HW_U64(0x0800000000000000) /* bit 59: MISC is valid */
#define MC_STATUS_ADDRV	      HW_U64(0x0400000000000000) /* bit 58: ADDR is valid */
#define MC_STATUS_PCC	      HW_U64(0x0200000000000000) /* bit 57: processor context corrupt */
#define MCA_BANKS_MAX	      32

#define MSR_MTRRCAP	     0xfe
#define MTRRCAP_VCNT_MASK    HW_U64(0xff)  /* bits 7:0: variable ranges */
#define MTRRCAP_FIX	     HW_U64(0x100) /* bit 8: the fixed ranges exist */
#define MSR_MTRR_PHYSBASE(n) (0x200 + 2 * (n))
#define MSR_MTRR_PHYSMASK(n) (0x201 + 2 * (n))
#define MTRR_PHYSMASK_VALID  HW_U64(0x800) /* bit 11: the range is in use */
#define MSR_MTRR_DEF_TYPE    0x2ff
#define MTRR_DEF_FE	     HW_U64(0x400) /* bit 10: fixed ranges enabled */
#define MTRR_DEF_E	     HW_U64(0x800) /* bit 11: MTRRs enabled */
/* The fixed ranges: 64 KiB pieces of 0-512 KiB, 16 KiB of 512 KiB-768 KiB, 4 KiB above. */
#define MSR_MTRR_FIX64K_00000 0x250
#define MSR_MTRR_FIX16K_80000 0x258
#define MSR_MTRR_FIX16K_A0000 0x259
#define MSR_MTRR_FIX4K_C0000  0x268 /* to 0x26f, 32 KiB each */
#define MTRR_FIXED_MSRS	      11

/* Page attribute table: byte n is the memory type of PAT entry n (Intel SDM vol. 3, 13.12). */
#define MSR_IA32_PAT 0x277
/* Memory type encodings, in the PAT and in the MTRRs alike (SDM vol. 3, tables 13-8, 13-10). */
#define MEMTYPE_UC	 HW_U64(0x00)
#define MEMTYPE_WC	 HW_U64(0x01)
#define MEMTYPE_WT	 HW_U64(0x04)
#define MEMTYPE_WP	 HW_U64(0x05)
#define MEMTYPE_WB	 HW_U64(0x06)
#define MEMTYPE_UC_MINUS HW_U64(0x07) /* PAT only */
#define PAT_TYPE_WC	 MEMTYPE_WC
/* The PAT after reset: WB, WT, UC-, UC, WB, WT, UC-, UC (entry 0 in the low byte). */
#define PAT_POWER_ON HW_U64(0x0007040600070406)

/* The x2APIC registers: MSR 0x800 + the xAPIC offset / 16 (include/hw/apic.h). */
#define MSR_X2APIC_BASE 0x800

#define MSR_EFER 0xc0000080
#define EFER_LME HW_U64(0x100) /* bit 8: long mode enable */

#endif
