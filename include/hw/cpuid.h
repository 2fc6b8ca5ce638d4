/* SPDX-License-Identifier: MIT */
/* CPUID leaves and feature bits the image reads (Intel SDM vol. 2A, CPUID). */
#ifndef SMPSCOPE_HW_CPUID_H
#define SMPSCOPE_HW_CPUID_H

#define CPUID_LEAF_TOPOLOGY    0xb  /* x2APIC topology: x2APIC ID in EDX */
#define CPUID_LEAF_V2_TOPOLOGY 0x1f /* V2 extended topology: the same x2APIC ID in EDX */
#define CPUID_LEAF_EXT_MAX     0x80000000
#define CPUID_LEAF_EXT_FEAT    0x80000001
#define CPUID_LEAF_EXT_POWER   0x80000007
#define CPUID_LEAF_EXT_ADDR    0x80000008

#define CPUID_1_EBX_APIC_ID_SHIFT     24	 /* initial APIC ID in bits 31:24 */
#define CPUID_1_EDX_MTRR	      0x1000	 /* bit 12 */
#define CPUID_1_EDX_HTT		      0x10000000 /* bit 28 */
#define CPUID_1_ECX_X2APIC	      0x200000	 /* bit 21 */
#define CPUID_1_ECX_TSC_DEADLINE      0x1000000	 /* bit 24 */
#define CPUID_7_EBX_TSC_ADJUST	      0x2	 /* bit 1 */
#define CPUID_7_EDX_ARCH_CAP	      0x20000000 /* bit 29: IA32_ARCH_CAPABILITIES */
#define CPUID_EXT_EDX_RDTSCP	      0x8000000	 /* 0x80000001 bit 27 */
#define CPUID_EXT_EDX_LM	      0x20000000 /* 0x80000001 bit 29: long mode */
#define CPUID_POWER_EDX_INVARIANT_TSC 0x100	 /* 0x80000007 bit 8 */

#endif
