/* SPDX-License-Identifier: MIT */
/* A 16550-compatible UART on I/O ports or MMIO (the iotypes of console/spec.h). */
#ifndef SMPSCOPE_CONSOLE_UART_H
#define SMPSCOPE_CONSOLE_UART_H

#include <stddef.h>
#include <stdint.h>

#include "spec.h"

/* How the line got its settings (`line=` of ev=console, docs/log-format.md). */
enum uart_line {
	UART_LINE_SET,	/* programmed for the baud rate asked for, 8N1 */
	UART_LINE_KEPT, /* the firmware's divisor and line control, as found */
	/* No baud asked for, but the UART was as reset leaves it: programmed for 115200 8N1. */
	UART_LINE_SET_UNCONFIGURED,
};

struct uart {
	enum console_kind iotype; /* CON_UART_IO, CON_UART_MMIO or CON_UART_MMIO32 */
	uint64_t base;		  /* I/O port, or the identity-mapped address of register 0 */
	uint32_t baud;		  /* the rate programmed; 0 when the firmware's was kept */
	uint16_t divisor;	  /* in force: written, or read from the firmware's */
	uint8_t lcr;		  /* line control in force */
	enum uart_line line;
	int stuck; /* the transmitter stopped draining; no more bytes are offered */
};

/*
 * Returns 0 when a UART answers at base (scratch register check) and is set
 * up, else -1. baud 0 keeps the firmware's divisor and line control. An MMIO
 * base must already be mapped uncached (arch/paging.h).
 */
int uart_init(struct uart *u, enum console_kind iotype, uint64_t base, uint32_t baud);
const char *uart_line_name(enum uart_line line);
void uart_write(struct uart *u, const char *s, size_t n);
/* Waits, bounded, until the last bit has left the shift register. */
void uart_flush(struct uart *u);

#endif
