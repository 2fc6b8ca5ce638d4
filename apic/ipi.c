/* SPDX-License-Identifier: MIT */
#include "ipi.h"

#include "../arch/cpu.h"
#include "../lib/wait.h"
#include "../tsc/delay.h"
#include "regs.h"

const char *const ipi_kind_names[] = {
	[IPI_INIT_ASSERT] = "init-assert",
	[IPI_INIT_DEASSERT] = "init-deassert",
	[IPI_SIPI] = "sipi",
	[IPI_FIXED] = "fixed",
};

/* How long ipi_nmi_self() waits for its NMI: it is taken at the next instruction boundary. */
#define NMI_SELF_WAIT_US 100000

/*
 * The ESR latches on a write: the write moves the errors seen since the
 * last write into it, and the read after returns them (Intel SDM vol. 3,
 * Error Handling). Only 0 may be written in x2APIC mode.
 */
static uint32_t esr_read(void)
{
	apic_write(APIC_ESR, 0);
	return apic_read(APIC_ESR);
}

/* x2APIC has no delivery status: its ICR is always ready for the next write. */
static int icr_idle(const void *ctx)
{
	(void)ctx;
	return !(apic_read(APIC_ICR_LOW) & ICR_DELIVERY_PENDING);
}

static int wait_icr_idle(void)
{
	if (apic_mode_x2apic() || icr_idle(NULL))
		return 1;
	return wait_until(icr_idle, NULL, wait_cycles(tsc_us_to_cycles(IPI_ICR_IDLE_US)), NULL);
}

/*
 * A WRMSR to an x2APIC register is not serializing and may complete before
 * earlier stores are visible (Intel SDM vol. 3, x2APIC MSR access): without
 * MFENCE;LFENCE a wake-up IPI could reach a sleeping AP before the flag it
 * announces (Linux's weak_wrmsr_fence). In xAPIC mode the ICR is an
 * uncached store, which never passes earlier stores.
 */
static void icr_write(uint32_t high, uint32_t low)
{
	if (apic_mode_x2apic()) {
		__asm__ volatile("mfence; lfence" ::: "memory");
		wrmsr(MSR_X2APIC_ICR, (uint64_t)high << 32 | low);
		return;
	}
	apic_write(APIC_ICR_HIGH, high);
	apic_write(APIC_ICR_LOW, low);
}

static uint32_t dest_field(uint32_t dest)
{
	return apic_mode_x2apic() ? dest : dest << APIC_ID_SHIFT;
}

int ipi_write_icr(uint32_t dest, uint32_t low)
{
	int idle = wait_icr_idle();

	icr_write(dest_field(dest), low);
	return idle;
}

void ipi_send(enum ipi_kind kind, uint32_t dest, uint8_t vector, uint64_t settle_us,
	      uint64_t timeout_cycles, struct ipi_rec *r)
{
	uint32_t low = kind == IPI_SIPI	   ? ICR_DM_STARTUP | vector
		       : kind == IPI_FIXED ? ICR_DM_FIXED | vector
		       : kind == IPI_INIT_ASSERT
			       ? ICR_DM_INIT | ICR_TRIGGER_LEVEL | ICR_LEVEL_ASSERT
			       : ICR_DM_INIT | ICR_TRIGGER_LEVEL;
	uint32_t high = 0;

	if (dest == IPI_DEST_ALL_BUT_SELF)
		low |= ICR_ALL_BUT_SELF;
	else
		high = dest_field(dest);
	r->kind = (uint8_t)kind;
	r->timed_out = 0;
	r->icr = (uint64_t)high << 32 | low;
	/* Idle first, then the ESR cleared: an earlier IPI's late errors are not this one's. */
	r->icr_busy = (uint8_t)!wait_icr_idle();
	(void)esr_read();
	r->t_start = rdtsc_ordered();
	icr_write(high, low);
	if (!apic_mode_x2apic())
		r->timed_out = (uint8_t)!wait_until(icr_idle, NULL,
						    wait_since(r->t_start, timeout_cycles), NULL);
	r->cycles = rdtsc_ordered() - r->t_start;
	/* Errors latch as the message goes out: Linux reads the ESR only after a delay. */
	tsc_udelay(settle_us > IPI_ESR_SETTLE_US ? settle_us : IPI_ESR_SETTLE_US);
	r->esr = esr_read();
}

void ipi_nmi_self(void)
{
	/* The self shorthand is not allowed with NMI delivery: the ID goes in the destination. */
	ipi_write_icr(apic_read_id(), ICR_DM_NMI);
	wait_delay(wait_cycles(tsc_us_to_cycles(NMI_SELF_WAIT_US)));
}

void ipi_state(uint32_t *icr_low, uint32_t *esr)
{
	*icr_low = apic_mode_x2apic() ? (uint32_t)rdmsr(MSR_X2APIC_ICR) : apic_read(APIC_ICR_LOW);
	*esr = esr_read();
}
