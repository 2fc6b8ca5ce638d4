/* SPDX-License-Identifier: MIT */
/*
 * The CPU's vendor from CPUID leaf 0. Topology and the microcode MSR are read
 * differently on AMD (and Hygon, whose parts are AMD's family 17h): see
 * docs/hardware.md, "AMD".
 */
#ifndef SMPSCOPE_BOOT_VENDOR_H
#define SMPSCOPE_BOOT_VENDOR_H

#include "cpu.h"

enum cpu_vendor { CPU_VENDOR_OTHER, CPU_VENDOR_INTEL, CPU_VENDOR_AMD, CPU_VENDOR_HYGON };

/* leaf0: what CPUID leaf 0 returned. */
static inline enum cpu_vendor cpu_vendor_of(struct cpuid_regs leaf0)
{
	if (leaf0.ebx == CPUID_VENDOR_INTEL_EBX && leaf0.edx == CPUID_VENDOR_INTEL_EDX &&
	    leaf0.ecx == CPUID_VENDOR_INTEL_ECX)
		return CPU_VENDOR_INTEL;
	if (leaf0.ebx == CPUID_VENDOR_AMD_EBX && leaf0.edx == CPUID_VENDOR_AMD_EDX &&
	    leaf0.ecx == CPUID_VENDOR_AMD_ECX)
		return CPU_VENDOR_AMD;
	if (leaf0.ebx == CPUID_VENDOR_HYGON_EBX && leaf0.edx == CPUID_VENDOR_HYGON_EDX &&
	    leaf0.ecx == CPUID_VENDOR_HYGON_ECX)
		return CPU_VENDOR_HYGON;
	return CPU_VENDOR_OTHER;
}

/* AMD's CPUID topology leaves and patch-level MSR apply. */
static inline int cpu_vendor_is_amd(enum cpu_vendor v)
{
	return v == CPU_VENDOR_AMD || v == CPU_VENDOR_HYGON;
}

#endif
