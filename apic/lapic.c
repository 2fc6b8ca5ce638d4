/* SPDX-License-Identifier: MIT */
#include "lapic.h"

#include "../arch/cpu.h"
#include "../arch/paging.h"
#include "../include/hw/apic.h"
#include "../include/hw/cpuid.h"
#include "../include/hw/msr.h"

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

static uint32_t x2apic_id_leaf(void)
{
	uint32_t max = cpuid_max_leaf();

	if (max >= CPUID_LEAF_V2_TOPOLOGY && cpuid(CPUID_LEAF_V2_TOPOLOGY, 0).ebx != 0)
		return cpuid(CPUID_LEAF_V2_TOPOLOGY, 0).edx;
	if (max >= CPUID_LEAF_TOPOLOGY && cpuid(CPUID_LEAF_TOPOLOGY, 0).ebx != 0)
		return cpuid(CPUID_LEAF_TOPOLOGY, 0).edx;
	return APIC_TRUTH_NO_LEAF;
}

void lapic_truth_here(struct apic_truth *t)
{
	struct lapic_info li;

	t->apic_base = rdmsr(MSR_IA32_APIC_BASE);
	t->cpuid1 = cpuid(1, 0).ebx >> CPUID_1_EBX_APIC_ID_SHIFT;
	t->cpuid_x2 = x2apic_id_leaf();
	lapic_probe(&li);
	t->reg = li.id;
	t->reg_known = li.id_known;
}

uint32_t apic_truth_cpuid(const struct apic_truth *t)
{
	return t->cpuid_x2 != APIC_TRUTH_NO_LEAF ? t->cpuid_x2 : t->cpuid1;
}

int lapic_x2apic_locked(void)
{
	uint64_t cap, status;

	if (cpuid_max_leaf() < 7 || !(cpuid(7, 0).edx & CPUID_7_EDX_ARCH_CAP))
		return 0;
	if (rdmsr_safe(MSR_IA32_ARCH_CAPABILITIES, &cap) || !(cap & ARCH_CAP_XAPIC_DISABLE))
		return 0;
	if (rdmsr_safe(MSR_IA32_XAPIC_DISABLE_STATUS, &status))
		return 0;
	return !!(status & LEGACY_XAPIC_DISABLED);
}

int lapic_map_mmio(uint64_t base)
{
	return paging_set_uncached(base);
}

int lapic_x2apic_here(void)
{
	uint64_t b = rdmsr(MSR_IA32_APIC_BASE);

	return (b & APIC_BASE_ENABLE) && (b & APIC_BASE_X2APIC);
}

int lapic_firmware_x2apic(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_X2APIC))
		return -1;
	/* From xAPIC (or disabled) straight to x2APIC is allowed (Intel SDM 10.12.5). */
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	return 0;
}
