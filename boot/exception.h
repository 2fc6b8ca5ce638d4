/* SPDX-License-Identifier: MIT */
/* What happens when a CPU takes an exception: a report, never a silent reboot. */
#ifndef SMPSCOPE_BOOT_EXCEPTION_H
#define SMPSCOPE_BOOT_EXCEPTION_H

#include <stdint.h>

struct exc_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

typedef void (*ap_exception_fn)(const struct exc_frame *f, uint32_t apic);
/* Takes an interrupt (vector >= 32) and returns 1, or 0 when it is not one it expects. */
typedef int (*irq_fn)(uint64_t vector);
/* Ends the run after a BSP exception, the report written; check and why are for KTAP. */
typedef void (*exception_fatal_fn)(const char *check, const char *why);

void exception_set_irq_handler(irq_fn fn);

/* Which CPU is the BSP: its exceptions end the run, an AP's only stop that AP. */
void exception_set_bsp(uint32_t apic);
/* Who reports an AP's exception (smp/); it must not return. */
void exception_set_ap_handler(ap_exception_fn fn);
/*
 * Who ends the run on a BSP exception: the runner registers it, so boot/
 * needs nothing from the layers above. It must not return; without one the
 * image exits with a failure.
 */
void exception_set_fatal_hook(exception_fatal_fn fn);
/* What the BSP is doing, for the report's step=; a string literal. */
void exception_set_step(const char *step);
/* Called from boot/isr.asm for every vector. */
void exception_entry(struct exc_frame *f);
const char *exception_name(uint64_t vector);
/* fault=bsp-ud2: an undefined opcode on purpose. */
void exception_inject_ud2(void);

#endif
