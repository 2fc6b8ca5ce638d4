/* SPDX-License-Identifier: MIT */
/* The local APIC as the firmware left it on this CPU. */
#ifndef SMPSCOPE_APIC_LAPIC_H
#define SMPSCOPE_APIC_LAPIC_H

#include <stdint.h>

struct lapic_info {
	uint64_t base;	      /* from IA32_APIC_BASE */
	int enabled;	      /* APIC_BASE bit 11 */
	int x2apic;	      /* APIC_BASE bit 10: x2APIC mode on */
	int bsp;	      /* APIC_BASE bit 8 */
	int x2apic_supported; /* CPUID.1:ECX bit 21 */
	int id_known;
	uint32_t id;	  /* the ID register, by MMIO or MSR as the mode says */
	uint32_t version; /* version register: bits 7:0 version, 23:16 max LVT entry */
};

/* What this CPU says its APIC ID is, every way it can be asked (docs/hardware.md). */
struct apic_truth {
	uint32_t cpuid1;    /* CPUID.1:EBX[31:24], the initial APIC ID */
	uint32_t cpuid_x2;  /* CPUID 0x1F (or 0xB) EDX; APIC_TRUTH_NO_LEAF without either */
	uint32_t reg;	    /* the ID register, by MMIO or MSR as IA32_APIC_BASE says */
	int reg_known;	    /* 0: the APIC is disabled or its page above 4 GiB */
	uint64_t apic_base; /* IA32_APIC_BASE as read */
};

#define APIC_TRUTH_NO_LEAF 0xffffffffu

void lapic_probe(struct lapic_info *li);
/* Maps the xAPIC page uncached, for an AP found in xAPIC in an x2APIC run; -1 above 4 GiB. */
int lapic_map_mmio(uint64_t base);
/* 1 when this CPU's APIC is enabled in x2APIC mode. */
int lapic_x2apic_here(void);
/* Reads this CPU's truth-table row; the register is read in the mode the APIC is in. */
void lapic_truth_here(struct apic_truth *t);
/* The ID Linux calls initial: leaf 0x1F/0xB's where there is one, else CPUID.1's. */
uint32_t apic_truth_cpuid(const struct apic_truth *t);
/*
 * 1 when firmware locked the APIC in x2APIC mode (IA32_XAPIC_DISABLE_STATUS
 * bit 0, enumerated by IA32_ARCH_CAPABILITIES bit 21), so leaving x2APIC
 * would #GP; 0 when not or when the CPU cannot say.
 */
int lapic_x2apic_locked(void);
const char *lapic_mode_name(const struct lapic_info *li);
/*
 * fw_sim= (test-only): turns x2APIC on here, as firmware that left it on would have;
 * -1 when the CPU has no x2APIC (CPUID.1:ECX[21]).
 */
int lapic_firmware_x2apic(void);

#endif
