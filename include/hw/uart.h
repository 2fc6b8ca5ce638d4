/* SPDX-License-Identifier: MIT */
/* The 16550 UART's registers and bits (docs/hardware.md); its ports: include/hw/ports.h. */
#ifndef SMPSCOPE_HW_UART_H
#define SMPSCOPE_HW_UART_H

/* Register numbers; their byte offset is the number times the stride of the console's iotype. */
#define UART_THR 0 /* DLL when LCR.DLAB */
#define UART_IER 1 /* DLM when LCR.DLAB */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7

#define LCR_8N1		 0x03
#define LCR_WORD_LENGTH	 0x03 /* 0: 5 bits */
#define LCR_FRAME	 0x3f /* word length, stop bits, parity */
#define LCR_DLAB	 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS	 0x03
#define LSR_THRE	 0x20
#define LSR_TEMT	 0x40
/* The divisor's clock: 1.8432 MHz over 16, what a PC's COM ports run from. */
#define UART_BASE_BAUD 115200

#endif
