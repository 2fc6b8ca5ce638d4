/* SPDX-License-Identifier: MIT */
/*
 * The CMOS warm-reset vector around a bringup (warm_reset=per-cpu|once|off):
 * shutdown code 0x0A in register 0x0F and the trampoline's address at 40:67,
 * which only an external 82489DX APIC needs. Armed from a kick until the
 * APs it kicked are past realmode, then put back as found, so a reset after
 * a hang goes through POST (docs/flows.md, "Warm reset").
 */
#ifndef SMPSCOPE_SMP_WARMRESET_H
#define SMPSCOPE_SMP_WARMRESET_H

#include <stdint.h>

#include "cpus.h"

/* Reads and logs what the firmware left (when=found). */
void warm_reset_found(void);
/* Writes 0x0A and the vector; c is the CPU it is for, NULL for warm_reset=once and broadcast. */
void warm_reset_setup(struct cpu *c);
/*
 * The n APs of kicked are past the point where a BIOS would jump through
 * 40:67: waits until the trampoline's realmode counter reaches base + n
 * (base: its value before the first of those kicks), bounded by
 * timeout_cycles, then puts back what was found and logs when=disarm with
 * the reason, after the per-cpu setups of those APs. The counter counts
 * arrivals, not names: an AP that arrives late for an earlier kick counts.
 * Nothing happens when nothing is armed.
 */
void warm_reset_disarm_after(struct cpu *const *kicked, unsigned n, uint32_t base,
			     uint64_t timeout_cycles);
/* Puts back what was found. Safe to call when nothing was set up. */
void warm_reset_restore(void);
/* The runner's cleanup on a failure's way out: puts back and logs it, if still armed. */
void warm_reset_leave(void);
/* Logs how often what was found was written back, and what that was (when=restore). */
void warm_reset_log_restores(void);
/* Logs the state now (when=after); returns 1 when it equals what was found. */
int warm_reset_after(void);
/*
 * fault=reset: the BSP, after its wait for c timed out in phase ph, logs
 * CMOS as it is (ev=reset) and resets the machine by a triple fault.
 */
void __attribute__((noreturn)) warm_reset_fault_reset(const struct cpu *c, enum phase ph);

#endif
