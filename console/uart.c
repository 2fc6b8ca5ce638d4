/* SPDX-License-Identifier: MIT */
#include "uart.h"

#include "../arch/cpu.h"
#include "../include/hw/uart.h"
#include "../lib/wait.h"

/*
 * A byte at 9600 baud takes about 1 ms to leave; a register read takes about
 * 1 µs from a legacy port and some 0.1-1 µs uncached over MMIO. 200000 reads
 * are therefore far longer than any working UART needs for one byte (or for
 * its 16-byte FIFO to empty), and short enough that a dead one costs a
 * fraction of a second before it is marked stuck. Counting reads needs no
 * TSC frequency, which is not known yet when the console starts.
 */
#define UART_SPIN_LIMIT 200000

/* Linux's earlycon iotypes: mmio is byte-wide at stride 1, mmio32 dword-wide at stride 4. */
static uint8_t reg_in(const struct uart *u, unsigned reg)
{
	volatile uint32_t *r32 = (volatile uint32_t *)(uintptr_t)(u->base + reg * 4);
	volatile uint8_t *r8 = (volatile uint8_t *)(uintptr_t)(u->base + reg);

	switch (u->iotype) {
	case CON_UART_MMIO:
		return *r8;
	case CON_UART_MMIO32:
		return (uint8_t)*r32;
	default:
		return inb((uint16_t)(u->base + reg));
	}
}

static void reg_out(const struct uart *u, unsigned reg, uint8_t v)
{
	volatile uint32_t *r32 = (volatile uint32_t *)(uintptr_t)(u->base + reg * 4);
	volatile uint8_t *r8 = (volatile uint8_t *)(uintptr_t)(u->base + reg);

	switch (u->iotype) {
	case CON_UART_MMIO:
		*r8 = v;
		break;
	case CON_UART_MMIO32:
		*r32 = v;
		break;
	default:
		outb((uint16_t)(u->base + reg), v);
		break;
	}
}

/* Nothing decodes a missing UART: reads float to all ones (or read 0) and the scratch is lost. */
static int scratch_holds(const struct uart *u)
{
	reg_out(u, UART_SCR, 0x5a);
	if (reg_in(u, UART_SCR) != 0x5a)
		return 0;
	reg_out(u, UART_SCR, 0xa5);
	return reg_in(u, UART_SCR) == 0xa5;
}

static uint16_t read_divisor(const struct uart *u, uint8_t lcr)
{
	uint16_t div;

	reg_out(u, UART_LCR, lcr | LCR_DLAB);
	div = (uint16_t)(reg_in(u, UART_THR) | reg_in(u, UART_IER) << 8);
	reg_out(u, UART_LCR, lcr);
	return div;
}

static void program(struct uart *u, uint32_t baud)
{
	u->baud = baud;
	u->divisor = (uint16_t)(UART_BASE_BAUD / baud);
	u->lcr = LCR_8N1;
	reg_out(u, UART_LCR, LCR_DLAB);
	reg_out(u, UART_THR, (uint8_t)u->divisor);
	reg_out(u, UART_IER, (uint8_t)(u->divisor >> 8));
	reg_out(u, UART_LCR, LCR_8N1);
	reg_out(u, UART_FCR, FCR_ENABLE_CLEAR);
	reg_out(u, UART_MCR, MCR_DTR_RTS);
}

int uart_init(struct uart *u, enum console_kind iotype, uint64_t base, uint32_t baud)
{
	uint8_t lcr;

	u->iotype = iotype;
	u->base = base;
	u->baud = 0;
	u->stuck = 0;
	if (!scratch_holds(u))
		return -1;
	/* Polled: no interrupts, whichever way the line is set. */
	reg_out(u, UART_IER, 0);
	if (baud) {
		u->line = UART_LINE_SET;
		program(u, baud);
		return 0;
	}
	/*
	 * As Linux's earlycon without a baud rate: the firmware's clock may not
	 * be 1.8432 MHz (PCIe cards, SoC UARTs), so its divisor is the only one
	 * known to work. Only the frame is kept: DLAB or a break left set
	 * would stop every byte.
	 */
	lcr = reg_in(u, UART_LCR);
	u->lcr = lcr & LCR_FRAME;
	u->divisor = read_divisor(u, u->lcr);
	u->line = UART_LINE_KEPT;
	/*
	 * Unlike Linux: 5-bit words (line control as reset leaves it) carry no
	 * text, and no clock divides by 0. Either says no firmware set this
	 * UART up, so there is nothing to keep.
	 */
	if (u->divisor == 0 || (lcr & LCR_WORD_LENGTH) == 0) {
		u->line = UART_LINE_SET_UNCONFIGURED;
		program(u, UART_BASE_BAUD);
	}
	return 0;
}

const char *uart_line_name(enum uart_line line)
{
	switch (line) {
	case UART_LINE_KEPT:
		return "kept";
	case UART_LINE_SET_UNCONFIGURED:
		return "set-unconfigured";
	default:
		return "set";
	}
}

struct lsr_wait {
	const struct uart *u;
	uint8_t bit;
};

static int lsr_bit_set(const void *ctx)
{
	const struct lsr_wait *w = ctx;

	return reg_in(w->u, UART_LSR) & w->bit;
}

static int wait_lsr(struct uart *u, uint8_t bit)
{
	if (wait_looks(lsr_bit_set, &(struct lsr_wait){ u, bit }, UART_SPIN_LIMIT))
		return 0;
	u->stuck = 1;
	return -1;
}

void uart_write(struct uart *u, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !u->stuck; i++) {
		if (s[i] == '\n') {
			if (wait_lsr(u, LSR_THRE))
				return;
			reg_out(u, UART_THR, '\r');
		}
		if (wait_lsr(u, LSR_THRE))
			return;
		reg_out(u, UART_THR, (uint8_t)s[i]);
	}
}

void uart_flush(struct uart *u)
{
	if (!u->stuck)
		wait_lsr(u, LSR_TEMT);
}
