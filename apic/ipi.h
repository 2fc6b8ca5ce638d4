/* SPDX-License-Identifier: MIT */
/* Sending INIT and STARTUP IPIs, each one measured and checked against the ESR. */
#ifndef SMPSCOPE_APIC_IPI_H
#define SMPSCOPE_APIC_IPI_H

#include <stdint.h>

enum ipi_kind { IPI_INIT_ASSERT, IPI_INIT_DEASSERT, IPI_SIPI };

#define IPI_DEST_ALL_BUT_SELF 0xffffffffu

struct ipi_rec {
	uint8_t kind;
	uint8_t timed_out; /* delivery status still pending at the deadline (xAPIC) */
	uint32_t esr;	   /* ESR read after the send */
	uint64_t icr;	   /* what was written: destination in the high half */
	uint64_t t_start;  /* TSC before the write */
	uint64_t cycles;   /* write until delivery status cleared */
};

extern const char *const ipi_kind_names[];

/*
 * Sends one IPI to dest (an APIC ID, or IPI_DEST_ALL_BUT_SELF) and fills r.
 * The xAPIC delivery-status wait gives up after timeout_cycles.
 */
void ipi_send(enum ipi_kind kind, uint32_t dest, uint8_t vector, uint64_t timeout_cycles,
	      struct ipi_rec *r);
/* ICR low and ESR as they are now, for a timeout report. */
void ipi_state(uint32_t *icr_low, uint32_t *esr);

#endif
