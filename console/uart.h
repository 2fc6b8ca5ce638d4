/* SPDX-License-Identifier: MIT */
/* A 16550-compatible UART on an I/O port. */
#ifndef SMPSCOPE_CONSOLE_UART_H
#define SMPSCOPE_CONSOLE_UART_H

#include <stddef.h>
#include <stdint.h>

struct uart {
	uint16_t port;
	uint32_t baud;
	int stuck; /* the transmitter stopped draining; no more bytes are offered */
};

/* Returns 0 when a UART answers at port (scratch register check) and is set up, else -1. */
int uart_init(struct uart *u, uint16_t port, uint32_t baud);
void uart_write(struct uart *u, const char *s, size_t n);
/* Waits, bounded, until the last bit has left the shift register. */
void uart_flush(struct uart *u);

#endif
