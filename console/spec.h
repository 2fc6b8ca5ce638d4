/* SPDX-License-Identifier: MIT */
/* What a console= value names: which device, where, how fast. */
#ifndef SMPSCOPE_CONSOLE_SPEC_H
#define SMPSCOPE_CONSOLE_SPEC_H

#include <stddef.h>
#include <stdint.h>

enum console_kind { CON_UART_IO, CON_E9, CON_VGA, CON_FB };

struct console_spec {
	enum console_kind kind;
	uint16_t port;
	uint32_t baud;
};

#define CONSOLE_SPEC_GRAMMAR "ttyS0..ttyS3[,BAUD], uart,io,PORT[,BAUD], e9, vga, fb"

/* Parses one console= value; on error writes why into err and returns -1. */
int console_spec_parse(const char *val, struct console_spec *out, char *err, size_t errlen);

#endif
