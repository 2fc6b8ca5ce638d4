/* SPDX-License-Identifier: MIT */
/*
 * Sending IPIs as Linux's wakeup_secondary_cpu_via_init() does, with the
 * ICR-idle wait coreboot and EDK2 add before each write: each INIT and
 * STARTUP IPI measured and checked against the ESR (docs/flows.md, kick).
 */
#ifndef SMPSCOPE_APIC_IPI_H
#define SMPSCOPE_APIC_IPI_H

#include <stdint.h>

/* IPI_FIXED: only fault=esr sends one to an AP (smp/kickfault.c). */
enum ipi_kind { IPI_INIT_ASSERT, IPI_INIT_DEASSERT, IPI_SIPI, IPI_FIXED };

#define IPI_DEST_ALL_BUT_SELF 0xffffffffu

/*
 * How long a send waits for an earlier IPI to leave the ICR before writing
 * it (xAPIC): Linux's safe_apic_wait_icr_idle() gives up after 100 ms.
 */
#define IPI_ICR_IDLE_US 100000
/*
 * The least time between an IPI and its ESR read: Linux waits 10 µs after a
 * STARTUP IPI on a current CPU before it reads the ESR.
 */
#define IPI_ESR_SETTLE_US 10

struct ipi_rec {
	uint8_t kind;
	uint8_t timed_out; /* delivery status still pending at the deadline (xAPIC) */
	uint8_t icr_busy; /* the ICR was still busy from an earlier IPI at its bound: sent anyway */
	uint32_t esr;	  /* ESR read after the settle delay */
	uint64_t icr;	  /* what was written: destination in the high half */
	uint64_t t_start; /* TSC before the write */
	uint64_t cycles;  /* write until delivery status cleared */
};

extern const char *const ipi_kind_names[];

/*
 * Sends one IPI to dest (an APIC ID, or IPI_DEST_ALL_BUT_SELF) and fills r:
 * waits for the ICR to be idle (IPI_ICR_IDLE_US), clears the ESR, writes the
 * ICR, waits for delivery (xAPIC, at most timeout_cycles), waits settle_us
 * (at least IPI_ESR_SETTLE_US), then reads the ESR.
 */
void ipi_send(enum ipi_kind kind, uint32_t dest, uint8_t vector, uint64_t settle_us,
	      uint64_t timeout_cycles, struct ipi_rec *r);
/*
 * One ICR write to an APIC ID (low: delivery mode, vector, shorthand), after
 * the bounded wait for idle and, in x2APIC mode, the fence. 1 when the ICR
 * was idle, 0 when it was still busy at the bound and was written anyway.
 */
int ipi_write_icr(uint32_t dest, uint32_t low);
/* fault=bsp-nmi: an NMI to this CPU; returns only if it never arrived. */
void ipi_nmi_self(void);
/* ICR low and ESR as they are now, for a timeout report. */
void ipi_state(uint32_t *icr_low, uint32_t *esr);

#endif
