/* SPDX-License-Identifier: MIT */
#include "reset.h"

#include <stdint.h>

#include "../include/hw/exit.h"
#include "../lib/wait.h"
#include "../arch/cpu.h"

/*
 * Looks at the 8042's status register, about 1 µs each (a legacy port
 * read): 100000 of them give a reset about 100 ms to take hold, and the
 * controller as long to take its command. The TSC may not be measured yet
 * (a refused knob exits before it is), so the bound is a count of reads.
 */
#define RESET_SETTLE_LOOKS 100000

static int kbc_ready(const void *ctx)
{
	(void)ctx;
	return !(inb(PORT_KBC_STATUS) & KBC_STATUS_IBF);
}

/* Reads the status and never holds: a delay made of port reads, before the TSC is known. */
static int never(const void *ctx)
{
	(void)ctx;
	(void)inb(PORT_KBC_STATUS);
	return 0;
}

void machine_reset(void)
{
	/* Select a hard reset first, then start it with RST_CPU's 0 -> 1 edge. */
	outb(PORT_RESET_CONTROL, RST_CNT_SYS_RST);
	outb(PORT_RESET_CONTROL, RST_CNT_SYS_RST | RST_CNT_RST_CPU);
	wait_looks(never, NULL, RESET_SETTLE_LOOKS);
	/* No RST_CNT here (a chipset without one): the 8042 pulses the CPU's reset line. */
	wait_looks(kbc_ready, NULL, RESET_SETTLE_LOOKS);
	outb(PORT_KBC_COMMAND, KBC_CMD_PULSE_RESET);
	wait_looks(never, NULL, RESET_SETTLE_LOOKS);
}

void cpu_triple_fault(void)
{
	static const struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) none = { 0, 0 };

	__asm__ volatile("cli\n\tlidt %0\n\tint3" : : "m"(none) : "memory");
	cpu_halt_forever();
}
