/* SPDX-License-Identifier: MIT */
#include "timer.h"

#include "ipi.h"
#include "regs.h"

void apic_timer_periodic(uint8_t vector, uint32_t count)
{
	apic_write(APIC_TIMER_DIVIDE, APIC_DIVIDE_BY_1);
	apic_write(APIC_LVT_TIMER, APIC_TIMER_PERIODIC | vector);
	apic_write(APIC_TIMER_INIT, count);
}

void apic_timer_periodic_slow(uint8_t vector, uint32_t count)
{
	apic_write(APIC_TIMER_DIVIDE, APIC_DIVIDE_BY_128);
	apic_write(APIC_LVT_TIMER, APIC_TIMER_PERIODIC | vector);
	apic_write(APIC_TIMER_INIT, count);
}

void apic_timer_stop(void)
{
	apic_write(APIC_TIMER_INIT, 0);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

void apic_send_fixed(uint32_t dest, uint8_t vector)
{
	/* The fence in x2APIC mode keeps the wake-up behind the flag it announces. */
	(void)ipi_write_icr(dest, ICR_DM_FIXED | vector);
}
