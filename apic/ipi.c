/* SPDX-License-Identifier: MIT */
#include "ipi.h"

#include "../boot/cpu.h"
#include "../lib/wait.h"
#include "regs.h"

const char *const ipi_kind_names[] = {
	[IPI_INIT_ASSERT] = "init-assert",
	[IPI_INIT_DEASSERT] = "init-deassert",
	[IPI_SIPI] = "sipi",
};

/* The ESR latches on a write: write, then read (a Pentium-era rule Linux still follows). */
static uint32_t esr_read(void)
{
	apic_write(APIC_ESR, 0);
	return apic_read(APIC_ESR);
}

static int delivered(const void *ctx)
{
	(void)ctx;
	return !(apic_read(APIC_ICR_LOW) & ICR_DELIVERY_PENDING);
}

void ipi_send(enum ipi_kind kind, uint32_t dest, uint8_t vector, uint64_t timeout_cycles,
	      struct ipi_rec *r)
{
	uint32_t low = kind == IPI_SIPI ? ICR_DM_STARTUP | vector
		       : kind == IPI_INIT_ASSERT
			       ? ICR_DM_INIT | ICR_TRIGGER_LEVEL | ICR_LEVEL_ASSERT
			       : ICR_DM_INIT | ICR_TRIGGER_LEVEL;
	uint32_t high = 0;
	uint64_t t;

	if (dest == IPI_DEST_ALL_BUT_SELF)
		low |= ICR_ALL_BUT_SELF;
	else
		high = apic_mode_x2apic() ? dest : dest << APIC_ID_SHIFT;
	r->kind = (uint8_t)kind;
	r->timed_out = 0;
	r->icr = (uint64_t)high << 32 | low;
	(void)esr_read();
	r->t_start = rdtsc_ordered();
	if (apic_mode_x2apic()) {
		/* One MSR write; x2APIC has no delivery status to wait on. */
		wrmsr(MSR_X2APIC_ICR, r->icr);
	} else {
		apic_write(APIC_ICR_HIGH, high);
		apic_write(APIC_ICR_LOW, low);
		r->timed_out = (uint8_t)!wait_until(delivered, NULL,
						    wait_since(r->t_start, timeout_cycles), NULL);
	}
	t = rdtsc_ordered();
	r->cycles = t - r->t_start;
	r->esr = esr_read();
}

void ipi_state(uint32_t *icr_low, uint32_t *esr)
{
	*icr_low = apic_mode_x2apic() ? (uint32_t)rdmsr(MSR_X2APIC_ICR) : apic_read(APIC_ICR_LOW);
	*esr = esr_read();
}
