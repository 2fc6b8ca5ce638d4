/* SPDX-License-Identifier: MIT */
#include "uart.h"

#include "../boot/cpu.h"
#include "../lib/wait.h"

enum {
	UART_THR = 0, /* DLL when LCR.DLAB */
	UART_IER = 1, /* DLM when LCR.DLAB */
	UART_FCR = 2,
	UART_LCR = 3,
	UART_MCR = 4,
	UART_LSR = 5,
	UART_SCR = 7,
};

#define LCR_8N1		 0x03
#define LCR_DLAB	 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS	 0x03
#define LSR_THRE	 0x20
#define LSR_TEMT	 0x40

/*
 * A byte at 9600 baud takes about 1 ms to leave; an inb from a legacy port
 * takes about 1 µs on real hardware. 200000 reads is therefore far longer
 * than any working UART needs for one byte (or for its 16-byte FIFO to
 * empty), and short enough that a dead one costs a fraction of a second
 * before it is marked stuck. Counting reads needs no TSC frequency, which
 * is not known yet when the console starts.
 */
#define UART_SPIN_LIMIT 200000

int uart_init(struct uart *u, uint16_t port, uint32_t baud)
{
	uint16_t div = (uint16_t)(115200 / baud);

	u->port = port;
	u->baud = baud;
	u->stuck = 0;
	/* Nothing decodes a missing port: reads float to 0xFF and the scratch byte is lost. */
	outb(port + UART_SCR, 0x5a);
	if (inb(port + UART_SCR) != 0x5a)
		return -1;
	outb(port + UART_SCR, 0xa5);
	if (inb(port + UART_SCR) != 0xa5)
		return -1;
	outb(port + UART_IER, 0);
	outb(port + UART_LCR, LCR_DLAB);
	outb(port + UART_THR, (uint8_t)div);
	outb(port + UART_IER, (uint8_t)(div >> 8));
	outb(port + UART_LCR, LCR_8N1);
	outb(port + UART_FCR, FCR_ENABLE_CLEAR);
	outb(port + UART_MCR, MCR_DTR_RTS);
	return 0;
}

struct lsr_wait {
	uint16_t port;
	uint8_t bit;
};

static int lsr_bit_set(const void *ctx)
{
	const struct lsr_wait *w = ctx;

	return inb(w->port + UART_LSR) & w->bit;
}

static int wait_lsr(struct uart *u, uint8_t bit)
{
	if (wait_looks(lsr_bit_set, &(struct lsr_wait){ u->port, bit }, UART_SPIN_LIMIT))
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
			outb(u->port + UART_THR, '\r');
		}
		if (wait_lsr(u, LSR_THRE))
			return;
		outb(u->port + UART_THR, (uint8_t)s[i]);
	}
}

void uart_flush(struct uart *u)
{
	if (!u->stuck)
		wait_lsr(u, LSR_TEMT);
}
