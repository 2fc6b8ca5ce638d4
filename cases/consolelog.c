/* SPDX-License-Identifier: MIT */
#include "consolelog.h"

#include "../console/log.h"
#include "../include/hw/bios.h"
#include "../include/hw/ports.h"
#include "../lib/fmt.h"

static const char *const iotypes[] = {
	[CON_UART_IO] = "io",
	[CON_UART_MMIO] = "mmio",
	[CON_UART_MMIO32] = "mmio32",
};

static void log_uart(const struct con_found *f)
{
	const struct console_spec *s = &f->spec;
	uint32_t rate = f->why ? s->baud : f->uart.baud; /* 0: the firmware's */
	char where[40], baud[16] = "firmware";

	fmt_buf(where, sizeof(where), "%s=%#llx", s->kind == CON_UART_IO ? "port" : "addr",
		(unsigned long long)s->addr);
	if (rate)
		fmt_buf(baud, sizeof(baud), "%u", rate);
	if (f->why && f->map_type)
		ev(EV_CONSOLE, "kind=uart iotype=%s %s baud=%s present=0 why=%s map_type=%u",
		   iotypes[s->kind], where, baud, f->why, f->map_type);
	else if (f->why)
		ev(EV_CONSOLE, "kind=uart iotype=%s %s baud=%s present=0 why=%s", iotypes[s->kind],
		   where, baud, f->why);
	else
		ev(EV_CONSOLE,
		   "kind=uart iotype=%s %s baud=%s divisor=%u lcr=%#04x line=%s present=1",
		   iotypes[s->kind], where, baud, f->uart.divisor, f->uart.lcr,
		   uart_line_name(f->uart.line));
}

void consolelog(const struct con_found_list *found)
{
	for (unsigned i = 0; i < found->n; i++) {
		const struct con_found *f = &found->con[i];

		switch (f->spec.kind) {
		case CON_UART_IO:
		case CON_UART_MMIO:
		case CON_UART_MMIO32:
			log_uart(f);
			break;
		case CON_VGA:
			ev(EV_CONSOLE, "kind=vga addr=%#x present=%d", VGA_TEXT_BASE, f->present);
			break;
		case CON_FB:
			ev(EV_CONSOLE, "kind=fb %s present=%d", found->fb, f->present);
			break;
		case CON_E9:
			ev(EV_CONSOLE, "kind=e9 port=%#x present=1", PORT_DEBUGCON);
			break;
		}
	}
}
