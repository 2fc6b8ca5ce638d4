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

void lapic_probe(struct lapic_info *li);
const char *lapic_mode_name(const struct lapic_info *li);

#endif
