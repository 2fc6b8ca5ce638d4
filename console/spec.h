/* SPDX-License-Identifier: MIT */
/* What a console= value names: which device, where, how fast. */
#ifndef SMPSCOPE_CONSOLE_SPEC_H
#define SMPSCOPE_CONSOLE_SPEC_H

#include <stddef.h>
#include <stdint.h>

/* A 16550's registers: I/O ports, or MMIO with byte (stride 1) or dword (stride 4) accesses. */
enum console_kind { CON_UART_IO, CON_UART_MMIO, CON_UART_MMIO32, CON_E9, CON_VGA, CON_FB };

struct console_spec {
	enum console_kind kind;
	uint64_t addr; /* a UART's I/O port or physical address */
	uint32_t baud; /* 0: keep the firmware's divisor and line settings */
};

#define CONSOLE_SPEC_GRAMMAR                                                                       \
	"ttyS0..ttyS3[,BAUD], uart,io,PORT[,BAUD], uart,mmio,ADDR[,BAUD], "                        \
	"uart,mmio32,ADDR[,BAUD], e9, vga"

/* The bytes of a UART's eight registers at its register stride. */
static inline uint64_t console_uart_span(enum console_kind kind)
{
	return kind == CON_UART_MMIO32 ? 8 * 4 : 8;
}

/* Parses one console= value; on error writes why into err and returns -1. */
int console_spec_parse(const char *val, struct console_spec *out, char *err, size_t errlen);

#endif
