/* SPDX-License-Identifier: MIT */
#include "reset.h"

#include "../arch/cpu.h"
#include "../arch/paging.h"
#include "../include/hw/exit.h"
#include "../lib/fmt.h"
#include "../lib/wait.h"

/*
 * Looks at the 8042's status register, about 1 µs each (a legacy port
 * read): 100000 of them give a reset about 100 ms to take hold, and the
 * controller as long to take its command. The TSC may not be measured yet
 * (a refused knob exits before it is), so the bound is a count of reads.
 */
#define RESET_SETTLE_LOOKS 100000
/* About 50 µs of port reads: Linux's udelay(50) between the writes of one method. */
#define RESET_GAP_LOOKS 50

enum { GAS_MEMORY, GAS_IO, GAS_PCI_CONFIG };

static struct reset_reg acpi;
static int have_acpi;

void reset_use_acpi(const struct reset_reg *r)
{
	have_acpi = r != NULL;
	if (r)
		acpi = *r;
}

static const char *space_name(uint8_t space)
{
	return space == GAS_IO ? "io" : space == GAS_MEMORY ? "mem" : "pci";
}

/* The spaces this image writes: I/O, and memory below 4 GiB (the identity map's reach). */
static int acpi_usable(void)
{
	return have_acpi &&
	       (acpi.space == GAS_IO ? acpi.addr <= 0xffff
				     : acpi.space == GAS_MEMORY && acpi.addr < (4ull << 30));
}

size_t reset_plan(char *buf, size_t size)
{
	size_t o = 0;

	if (acpi_usable())
		o += fmt_buf(buf, size, "acpi:%s:%#llx=%#x,", space_name(acpi.space),
			     (unsigned long long)acpi.addr, acpi.value);
	return o + fmt_buf(buf + o, size - o, "kbd,cf9,triple");
}

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

/* Linux's acpi_reboot(): RESET_VALUE written once to RESET_REG, 8 bits wide. */
static void reset_acpi(void)
{
	if (!acpi_usable())
		return;
	if (acpi.space == GAS_IO) {
		outb((uint16_t)acpi.addr, acpi.value);
	} else if (!paging_set_uncached(acpi.addr)) {
		*(volatile uint8_t *)phys_ptr(acpi.addr) = acpi.value;
	}
	wait_looks(never, NULL, RESET_SETTLE_LOOKS);
}

/* Linux's BOOT_KBD: 0xFE to the 8042 ten times, each once it takes a command. */
static void reset_kbd(void)
{
	for (int i = 0; i < KBC_RESET_TRIES; i++) {
		wait_looks(kbc_ready, NULL, RESET_SETTLE_LOOKS / 10);
		wait_looks(never, NULL, RESET_GAP_LOOKS);
		outb(PORT_KBC_COMMAND, KBC_CMD_PULSE_RESET);
		wait_looks(never, NULL, RESET_GAP_LOOKS);
	}
	wait_looks(never, NULL, RESET_SETTLE_LOOKS);
}

/*
 * Linux's BOOT_CF9_FORCE for a warm reset: the register's other bits kept,
 * SYS_RST set first, then RST_CPU's 0 -> 1 edge starts it; FULL_RST stays
 * clear, so RAM is kept (lastlog).
 */
static void reset_cf9(void)
{
	uint8_t v = inb(PORT_RESET_CONTROL) &
		    (uint8_t) ~(RST_CNT_SYS_RST | RST_CNT_RST_CPU | RST_CNT_FULL_RST);

	outb(PORT_RESET_CONTROL, v | RST_CNT_SYS_RST);
	wait_looks(never, NULL, RESET_GAP_LOOKS);
	outb(PORT_RESET_CONTROL, v | RST_CNT_SYS_RST | RST_CNT_RST_CPU);
	wait_looks(never, NULL, RESET_SETTLE_LOOKS);
}

void machine_reset(void)
{
	reset_acpi();
	reset_kbd();
	reset_cf9();
	cpu_triple_fault();
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
