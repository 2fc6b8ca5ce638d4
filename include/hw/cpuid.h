/* SPDX-License-Identifier: MIT */
/*
 * CPUID leaves and feature bits the image reads (Intel SDM vol. 2A, CPUID; AMD APM
 * vol. 3, appendix E, for the 0x8000xxxx leaves AMD defines).
 */
#ifndef SMPSCOPE_HW_CPUID_H
#define SMPSCOPE_HW_CPUID_H

#define CPUID_LEAF_MONITOR     0x5  /* EBX[15:0]: the largest MONITOR line, in bytes */
#define CPUID_LEAF_TSC_CRYSTAL 0x15 /* TSC = ECX (crystal Hz) * EBX / EAX */
#define CPUID_LEAF_FREQ	       0x16 /* EAX: base frequency in MHz (nominal) */
#define CPUID_LEAF_TOPOLOGY    0xb  /* x2APIC topology: x2APIC ID in EDX */
#define CPUID_LEAF_V2_TOPOLOGY 0x1f /* V2 extended topology: the same x2APIC ID in EDX */
#define CPUID_LEAF_EXT_MAX     0x80000000
#define CPUID_LEAF_EXT_FEAT    0x80000001
#define CPUID_LEAF_EXT_POWER   0x80000007
#define CPUID_LEAF_BRAND       0x80000002 /* the brand string, 16 bytes a leaf, to 0x80000004 */
#define CPUID_LEAF_BRAND_LAST  0x80000004
#define CPUID_LEAF_EXT_ADDR    0x80000008 /* AMD: ECX has the cores per package */
#define CPUID_LEAF_AMD_TOPO    0x8000001e /* AMD: extended APIC ID, core and node */

#define CPUID_1_EBX_APIC_ID_SHIFT     24	 /* initial APIC ID in bits 31:24 */
#define CPUID_1_EDX_MCE		      0x80	 /* bit 7: machine-check exception, CR4.MCE */
#define CPUID_1_EDX_MTRR	      0x1000	 /* bit 12 */
#define CPUID_1_EDX_MCA		      0x4000	 /* bit 14: machine-check banks, MCG_CAP */
#define CPUID_1_EDX_PAT		      0x10000	 /* bit 16: IA32_PAT */
#define CPUID_1_EDX_CLFSH	      0x80000	 /* bit 19: CLFLUSH */
#define CPUID_1_EBX_CLFLUSH_SHIFT     8		 /* bits 15:8: CLFLUSH line size, 8-byte units */
#define CPUID_7_EBX_CLFLUSHOPT	      0x800000	 /* bit 23: CLFLUSHOPT */
#define CPUID_1_EDX_HTT		      0x10000000 /* bit 28 */
#define CPUID_1_ECX_MONITOR	      0x8	 /* bit 3: MONITOR/MWAIT */
#define CPUID_1_ECX_X2APIC	      0x200000	 /* bit 21 */
#define CPUID_1_ECX_TSC_DEADLINE      0x1000000	 /* bit 24 */
#define CPUID_7_EBX_TSC_ADJUST	      0x2	 /* bit 1 */
#define CPUID_7_EDX_ARCH_CAP	      0x20000000 /* bit 29: IA32_ARCH_CAPABILITIES */
#define CPUID_EXT_EDX_RDTSCP	      0x8000000	 /* 0x80000001 bit 27 */
#define CPUID_EXT_EDX_LM	      0x20000000 /* 0x80000001 bit 29: long mode */
#define CPUID_POWER_EDX_INVARIANT_TSC 0x100	 /* 0x80000007 bit 8 */
#define CPUID_EXT_ECX_CMP_LEGACY      0x2	 /* 0x80000001 bit 1: leaf 1 counts cores */
#define CPUID_EXT_ECX_TOPOEXT	      0x400000	 /* 0x80000001 bit 22: leaf 0x8000001E */

/* 0x80000008 ECX: NC (threads or cores per package, minus 1), ApicIdCoreIdSize. */
#define CPUID_ADDR_ECX_NC_MASK	       0xff
#define CPUID_ADDR_ECX_APIC_SIZE_SHIFT 12
#define CPUID_ADDR_ECX_APIC_SIZE_MASK  0xf
/* 0x8000001E EBX bits 15:8: threads per core (family 15h: cores per compute unit), minus 1. */
#define CPUID_AMD_TOPO_EBX_THREADS_SHIFT 8
#define CPUID_AMD_TOPO_EBX_THREADS_MASK	 0xff

/* Leaf 0's vendor string, as EBX, EDX, ECX read it (little-endian ASCII). */
#define CPUID_VENDOR_INTEL_EBX 0x756e6547 /* "Genu" "ineI" "ntel" */
#define CPUID_VENDOR_INTEL_EDX 0x49656e69
#define CPUID_VENDOR_INTEL_ECX 0x6c65746e
#define CPUID_VENDOR_AMD_EBX   0x68747541 /* "Auth" "enti" "cAMD" */
#define CPUID_VENDOR_AMD_EDX   0x69746e65
#define CPUID_VENDOR_AMD_ECX   0x444d4163
#define CPUID_VENDOR_HYGON_EBX 0x6f677948 /* "Hygo" "nGen" "uine" */
#define CPUID_VENDOR_HYGON_EDX 0x6e65476e
#define CPUID_VENDOR_HYGON_ECX 0x656e6975

/*
 * Hypervisors: CPUID.1:ECX[31] is 0 on every real CPU (the Intel SDM lists it as unused and
 * zero; AMD's APM keeps it for a hypervisor to mark a guest). A hypervisor sets it and puts
 * its signature in leaf 0x40000000 EBX, ECX, EDX (docs/hardware.md, "Exit").
 */
#define CPUID_1_ECX_HYPERVISOR 0x80000000
#define CPUID_LEAF_HYPERVISOR  0x40000000

#endif
