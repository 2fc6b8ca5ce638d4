/* SPDX-License-Identifier: MIT */
#include "regs.h"

#include "../arch/cpu.h"
#include "../arch/paging.h"

static int x2apic;
static volatile uint32_t *mmio;
static uint64_t xbase;

int apic_mode_set(int want_x2apic, uint64_t xapic_base)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	if (want_x2apic) {
		if (!(cpuid(1, 0).ecx & CPUID_1_ECX_X2APIC))
			return -1;
		/* xAPIC -> x2APIC is allowed directly; both bits must end up set. */
		wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
		x2apic = 1;
		return 0;
	}
	/* Leaving x2APIC needs a pass through disabled; the SDM forbids the direct step. */
	if ((base & APIC_BASE_X2APIC) && (base & APIC_BASE_ENABLE)) {
		wrmsr(MSR_IA32_APIC_BASE, base & ~(APIC_BASE_ENABLE | APIC_BASE_X2APIC));
		base &= ~(APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	}
	if (!(base & APIC_BASE_ENABLE))
		wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_ENABLE);
	if (paging_set_uncached(xapic_base))
		return -1;
	xbase = xapic_base;
	mmio = (volatile uint32_t *)(uintptr_t)xapic_base;
	x2apic = 0;
	return 0;
}

int apic_mode_x2apic(void)
{
	return x2apic;
}

uint64_t apic_xapic_base(void)
{
	return xbase;
}

uint32_t apic_read(uint32_t reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(X2APIC_MSR(reg));
	return mmio[reg / 4];
}

void apic_write(uint32_t reg, uint32_t v)
{
	if (x2apic)
		wrmsr(X2APIC_MSR(reg), v);
	else
		mmio[reg / 4] = v;
}

uint32_t apic_read_id(void)
{
	return x2apic ? apic_read(APIC_ID) : apic_read(APIC_ID) >> APIC_ID_SHIFT;
}

void apic_quiet_enable(void)
{
	static const uint32_t lvts[] = { APIC_LVT_TIMER, APIC_LVT_THERMAL, APIC_LVT_PERF,
					 APIC_LVT_LINT0, APIC_LVT_LINT1,   APIC_LVT_ERROR };
	uint32_t maxlvt = (apic_read(APIC_VERSION) >> 16) & 0xff;

	for (unsigned i = 0; i < sizeof(lvts) / sizeof(lvts[0]); i++) {
		/* The thermal and perf LVTs exist only where the version register counts them. */
		if ((lvts[i] == APIC_LVT_THERMAL && maxlvt < 5) ||
		    (lvts[i] == APIC_LVT_PERF && maxlvt < 4))
			continue;
		apic_write(lvts[i], APIC_LVT_MASKED);
	}
	if (maxlvt >= 6)
		apic_write(APIC_LVT_CMCI, APIC_LVT_MASKED);
	apic_write(APIC_TPR, 0);
	apic_write(APIC_SVR, APIC_SVR_ENABLE | APIC_SPURIOUS_VECTOR);
}
