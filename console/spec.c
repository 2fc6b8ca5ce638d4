/* SPDX-License-Identifier: MIT */
#include "spec.h"

#include "../include/hw/ports.h"
#include "../lib/cmdline.h"
#include "../lib/fmt.h"
#include "../lib/string.h"

/* The legacy COM port addresses Linux's ttyS0..3 use. */
static const uint16_t com_ports[4] = { PORT_COM1, PORT_COM2, PORT_COM3, PORT_COM4 };

/* x86 physical addresses have at most 52 bits (Intel SDM vol. 3, 4.1.4). */
#define PHYS_ADDR_LIMIT (1ull << 52)

/*
 * A baud rate is programmed as a divisor of 115200, the rate of a 1.8432 MHz
 * clock, so only exact divisors of it are honest. Linux's "115200n8" is
 * taken too: 8 data bits, no parity, one stop bit is what the image sets.
 */
static int parse_baud(const char *s, uint32_t *baud, char *err, size_t errlen)
{
	char num[16];
	size_t len = strlen(s);
	uint64_t v = 0;

	if (len >= 2 && strcmp(s + len - 2, "n8") == 0)
		len -= 2;
	if (len < sizeof(num)) {
		memcpy(num, s, len);
		num[len] = '\0';
		if (parse_u64(num, &v))
			v = 0;
	}
	if (v == 0 || v > 115200 || 115200 % v) {
		fmt_buf(err, errlen,
			"baud '%s' is not a divisor of 115200 (e.g. 115200, 57600, 9600)", s);
		return -1;
	}
	*baud = (uint32_t)v;
	return 0;
}

/* Copies the field at p, up to a comma or the end, into buf; -1 when it does not fit. */
static int field(const char *p, char *buf, size_t size, const char **next)
{
	const char *comma = strchr(p, ',');
	size_t len = comma ? (size_t)(comma - p) : strlen(p);

	*next = comma ? comma + 1 : NULL;
	if (len >= size)
		return -1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return 0;
}

static int parse_port(const char *p, struct console_spec *out, char *err, size_t errlen,
		      const char **next)
{
	char port[32];
	uint64_t v;

	if (field(p, port, sizeof(port), next)) {
		fmt_buf(err, errlen, "port '%.*s...' is too long for an I/O port",
			(int)sizeof(port) - 1, p);
		return -1;
	}
	if (parse_u64(port, &v) || v == 0 || v > 0xfff8) {
		fmt_buf(err, errlen, "port '%s' is not an I/O port (e.g. 0x3f8)", port);
		return -1;
	}
	out->addr = v;
	return 0;
}

static int parse_mmio(const char *p, struct console_spec *out, char *err, size_t errlen,
		      const char **next)
{
	char addr[32];
	uint64_t v;

	if (field(p, addr, sizeof(addr), next)) {
		fmt_buf(err, errlen, "address '%.*s...' is too long for a physical address",
			(int)sizeof(addr) - 1, p);
		return -1;
	}
	if (parse_u64(addr, &v) || v == 0) {
		fmt_buf(err, errlen, "address '%s' is not a physical address (e.g. 0xfe034000)",
			addr);
		return -1;
	}
	if (out->kind == CON_UART_MMIO32 && v % 4) {
		fmt_buf(err, errlen, "address '%s' is not 4-byte aligned, as mmio32 needs", addr);
		return -1;
	}
	if (v >= PHYS_ADDR_LIMIT - console_uart_span(out->kind)) {
		fmt_buf(err, errlen, "address '%s' is beyond x86's 52-bit physical addresses",
			addr);
		return -1;
	}
	out->addr = v;
	return 0;
}

/* uart,IOTYPE,ADDR[,BAUD]: Linux's earlycon syntax for a 16550. */
static int parse_uart(const char *p, struct console_spec *out, char *err, size_t errlen)
{
	char iotype[16];
	const char *at, *next;
	int rc;

	if (field(p, iotype, sizeof(iotype), &at))
		fmt_buf(iotype, sizeof(iotype), "%.11s...", p);
	if (strcmp(iotype, "io") == 0)
		out->kind = CON_UART_IO;
	else if (strcmp(iotype, "mmio") == 0)
		out->kind = CON_UART_MMIO;
	else if (strcmp(iotype, "mmio32") == 0)
		out->kind = CON_UART_MMIO32;
	else {
		fmt_buf(err, errlen, "uart access '%s' is not io, mmio or mmio32", iotype);
		return -1;
	}
	if (!at) {
		fmt_buf(err, errlen, "uart,%s needs an address (uart,%s,%s[,BAUD])", iotype, iotype,
			out->kind == CON_UART_IO ? "PORT" : "ADDR");
		return -1;
	}
	if (out->kind == CON_UART_IO)
		rc = parse_port(at, out, err, errlen, &next);
	else
		rc = parse_mmio(at, out, err, errlen, &next);
	if (rc)
		return -1;
	return next ? parse_baud(next, &out->baud, err, errlen) : 0;
}

int console_spec_parse(const char *val, struct console_spec *out, char *err, size_t errlen)
{
	out->baud = 0;
	out->addr = 0;
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
		out->addr = com_ports[val[4] - '0'];
		return val[5] ? parse_baud(val + 6, &out->baud, err, errlen) : 0;
	}
	if (str_starts(val, "uart,"))
		return parse_uart(val + 5, out, err, errlen);
	fmt_buf(err, errlen, "unknown console; allowed: %s", CONSOLE_SPEC_GRAMMAR);
	return -1;
}
