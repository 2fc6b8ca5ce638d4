/* SPDX-License-Identifier: MIT */
/* The local APIC timer and fixed interrupts: only what a sleeping AP needs to wake again. */
#ifndef SMPSCOPE_APIC_TIMER_H
#define SMPSCOPE_APIC_TIMER_H

#include <stdint.h>

/* A periodic interrupt at vector every count timer ticks (divide by 1). */
void apic_timer_periodic(uint8_t vector, uint32_t count);
/* The same, every count ticks of the timer clock divided by 128: a net for long sleeps. */
void apic_timer_periodic_slow(uint8_t vector, uint32_t count);
void apic_timer_stop(void);
void apic_eoi(void);
/* A fixed, edge-triggered interrupt to one APIC ID (apic/ipi.c writes it); no record. */
void apic_send_fixed(uint32_t dest, uint8_t vector);

#endif
