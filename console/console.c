/* SPDX-License-Identifier: MIT */
#include "console.h"

#include "../boot/cpu.h"
#include "../include/hw/ports.h"
#include "fb.h"
#include "fbcon.h"
#include "log.h"
#include "uart.h"
#include "vga.h"

#define CON_MAX 6

static struct con {
	struct console_spec spec;
	struct uart uart;
} cons[CON_MAX];
static unsigned ncons;
static int set_up;

static void describe(const struct console_spec *s, int present)
{
	switch (s->kind) {
	case CON_UART_IO:
		ev(EV_CONSOLE, "kind=uart port=%#x baud=%u present=%d", s->port, s->baud, present);
		break;
	case CON_E9:
		ev(EV_CONSOLE, "kind=e9 port=0xe9 present=%d", present);
		break;
	case CON_VGA:
		ev(EV_CONSOLE, "kind=vga addr=0xb8000 present=%d", present);
		break;
	case CON_FB: {
		char d[256];

		fb_describe(d, sizeof(d));
		ev(EV_CONSOLE, "kind=fb %s present=%d", d, present);
		break;
	}
	}
}

static void add(const struct console_spec *s)
{
	struct con *c;
	int present = 1;

	if (ncons >= CON_MAX)
		return;
	c = &cons[ncons];
	c->spec = *s;
	if (s->kind == CON_UART_IO)
		present = uart_init(&c->uart, s->port, s->baud) == 0;
	else if (s->kind == CON_VGA)
		vga_init();
	else if (s->kind == CON_FB && (present = fb_grid() != NULL))
		fbcon_init();
	describe(s, present);
	if (present)
		ncons++;
}

void con_setup(const struct console_spec *specs, unsigned n, int vga_text)
{
	static const struct console_spec ttys0 = { CON_UART_IO, PORT_COM1, 115200 };
	static const struct console_spec vga = { CON_VGA, 0, 0 };
	static const struct console_spec fb = { CON_FB, 0, 0 };

	ncons = 0;
	set_up = 1;
	if (n == 0) {
		add(&ttys0);
		/* Without VGA text (UEFI, or a graphics mode) the screen is the framebuffer. */
		if (vga_text > 0)
			add(&vga);
		else if (vga_text == 0)
			add(&fb);
		return;
	}
	for (unsigned i = 0; i < n; i++)
		add(&specs[i]);
}

void con_ensure(void)
{
	if (!set_up)
		con_setup(NULL, 0, -1);
}

void con_write(const char *s, size_t n)
{
	for (unsigned i = 0; i < ncons; i++) {
		switch (cons[i].spec.kind) {
		case CON_UART_IO:
			uart_write(&cons[i].uart, s, n);
			break;
		case CON_E9:
			for (size_t k = 0; k < n; k++)
				outb(PORT_DEBUGCON, (uint8_t)s[k]);
			break;
		case CON_VGA:
			vga_write(s, n);
			break;
		case CON_FB:
			fbcon_write(s, n);
			break;
		}
	}
}

void con_flush(void)
{
	for (unsigned i = 0; i < ncons; i++)
		if (cons[i].spec.kind == CON_UART_IO)
			uart_flush(&cons[i].uart);
}
