/* SPDX-License-Identifier: MIT */
#include "spec.h"

#include "../include/hw/ports.h"
#include "../lib/cmdline.h"
#include "../lib/fmt.h"
#include "../lib/string.h"

/* The legacy COM port addresses Linux's ttyS0..3 use. */
static const uint16_t com_ports[4] = { PORT_COM1, PORT_COM2, PORT_COM3, PORT_COM4 };

/* The divisor of a 16550 is 115200 / baud, so only exact divisors of it are honest. */
static int parse_baud(const char *s, uint32_t *baud, char *err, size_t errlen)
{
	uint64_t v;

	if (parse_u64(s, &v) || v == 0 || v > 115200 || 115200 % v) {
		fmt_buf(err, errlen,
			"baud '%s' is not a divisor of 115200 (e.g. 115200, 57600, 9600)", s);
		return -1;
	}
	*baud = (uint32_t)v;
	return 0;
}

int console_spec_parse(const char *val, struct console_spec *out, char *err, size_t errlen)
{
	const char *comma = strchr(val, ',');

	out->baud = 115200;
	out->port = 0;
	if (strcmp(val, "e9") == 0) {
		out->kind = CON_E9;
		return 0;
	}
	if (strcmp(val, "vga") == 0) {
		out->kind = CON_VGA;
		return 0;
	}
	if (strcmp(val, "fb") == 0) {
		out->kind = CON_FB;
		return 0;
	}
	if (str_starts(val, "ttyS") && val[4] >= '0' && val[4] <= '3' &&
	    (val[5] == '\0' || val[5] == ',')) {
		out->kind = CON_UART_IO;
		out->port = com_ports[val[4] - '0'];
		return comma ? parse_baud(comma + 1, &out->baud, err, errlen) : 0;
	}
	if (str_starts(val, "uart,io,")) {
		char port[32];
		const char *p = val + 8, *c2 = strchr(p, ',');
		size_t len = c2 ? (size_t)(c2 - p) : strlen(p);
		uint64_t v;

		if (len >= sizeof(port)) {
			fmt_buf(err, errlen, "port '%.*s...' is too long for an I/O port",
				(int)sizeof(port) - 1, p);
			return -1;
		}
		memcpy(port, p, len);
		port[len] = '\0';
		if (parse_u64(port, &v) || v == 0 || v > 0xfff8) {
			fmt_buf(err, errlen, "port '%s' is not an I/O port (e.g. 0x3f8)", port);
			return -1;
		}
		out->kind = CON_UART_IO;
		out->port = (uint16_t)v;
		return c2 ? parse_baud(c2 + 1, &out->baud, err, errlen) : 0;
	}
	fmt_buf(err, errlen, "unknown console; allowed: %s", CONSOLE_SPEC_GRAMMAR);
	return -1;
}
