/* SPDX-License-Identifier: MIT */
#include "lapic.h"

#include "../boot/cpu.h"
#include "../boot/physmap.h"
#include "../include/hw/apic.h"

void lapic_probe(struct lapic_info *li)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	li->base = base & APIC_BASE_ADDR_MASK;
	li->enabled = !!(base & APIC_BASE_ENABLE);
	li->x2apic = li->enabled && (base & APIC_BASE_X2APIC);
	li->bsp = !!(base & APIC_BASE_BSP);
	li->x2apic_supported = !!(cpuid(1, 0).ecx & CPUID_1_ECX_X2APIC);
	li->id_known = 0;
	if (li->x2apic) {
		li->id = (uint32_t)rdmsr(X2APIC_MSR(APIC_ID));
		li->version = (uint32_t)rdmsr(X2APIC_MSR(APIC_VERSION));
		li->id_known = 1;
	} else if (li->enabled && paging_set_uncached(li->base) == 0) {
		volatile uint32_t *mmio = (volatile uint32_t *)(uintptr_t)li->base;

		li->id = mmio[APIC_ID / 4] >> APIC_ID_SHIFT;
		li->version = mmio[APIC_VERSION / 4];
		li->id_known = 1;
	}
}

const char *lapic_mode_name(const struct lapic_info *li)
{
	if (!li->enabled)
		return "disabled";
	return li->x2apic ? "x2apic" : "xapic";
}
