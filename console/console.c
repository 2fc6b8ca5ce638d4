/* SPDX-License-Identifier: MIT */
#include "console.h"

#include "../arch/bootinfo.h"
#include "../arch/cpu.h"
#include "../arch/paging.h"
#include "../include/hw/ports.h"
#include "fb.h"
#include "screen.h"
#include "uart.h"
#include "vga.h"

static struct con {
	struct console_spec spec;
	struct uart uart;
} cons[CON_MAX];
static unsigned ncons;
static int set_up;
static struct con_found_list found;

static int is_uart(enum console_kind k)
{
	return k == CON_UART_IO || k == CON_UART_MMIO || k == CON_UART_MMIO32;
}

/*
 * An MMIO UART is never looked for where the loader's memory map lists
 * memory (anything but reserved): a mistyped address would otherwise have
 * its scratch test pass in RAM and the log written over firmware's or the
 * image's data. Device registers are reserved or absent from the map.
 */
static uint32_t mmio_in_memory(const struct bootinfo *bi, uint64_t addr, uint64_t len)
{
	for (unsigned i = 0; i < bi->nmmap; i++) {
		const struct mmap_entry *m = &bi->mmap[i];

		/* Written so that an entry reaching the top of the address space cannot wrap. */
		int overlap = addr >= m->base ? addr - m->base < m->len : m->base - addr < len;

		if (m->type != MMAP_RESERVED && overlap)
			return m->type;
	}
	return 0;
}

/* Why a UART is not used, or NULL when it answers and is set up. */
static const char *uart_add(struct con *c, const struct bootinfo *bi, uint32_t *map_type)
{
	const struct console_spec *s = &c->spec;

	if (s->kind != CON_UART_IO) {
		if (!bi || bi->nmmap == 0)
			return "no-memory-map"; /* nothing to tell RAM from a device by */
		*map_type = mmio_in_memory(bi, s->addr, console_uart_span(s->kind));
		if (*map_type)
			return "memory-map";
		if (paging_map_mmio(s->addr, console_uart_span(s->kind)))
			return "unmappable";
	}
	return uart_init(&c->uart, s->kind, s->addr, s->baud) ? "no-scratch" : NULL;
}

static void add(const struct console_spec *s, const struct bootinfo *bi)
{
	struct con *c;
	struct con_found *f;

	if (ncons >= CON_MAX || found.n >= CON_MAX)
		return;
	c = &cons[ncons];
	c->spec = *s;
	f = &found.con[found.n++];
	*f = (struct con_found){ .spec = *s };
	if (is_uart(s->kind)) {
		f->why = uart_add(c, bi, &f->map_type);
		f->present = !f->why;
		f->uart = c->uart;
	} else if (s->kind == CON_VGA) {
		f->present = screen_attach(vga_grid()) == 0;
	} else if (s->kind == CON_FB) {
		f->present = screen_attach(fb_grid()) == 0;
		fb_describe(found.fb, sizeof(found.fb));
	} else {
		f->present = 1;
	}
	if (f->present)
		ncons++;
}

const struct con_found_list *con_setup(const struct console_spec *specs, unsigned n, int vga_text,
				       const struct bootinfo *bi)
{
	/* A promise users connect to without reading further (docs/knobs.md, "Consoles"). */
	static const struct console_spec ttys0 = { CON_UART_IO, PORT_COM1, 115200 };
	static const struct console_spec vga = { CON_VGA, 0, 0 };
	static const struct console_spec fb = { CON_FB, 0, 0 };

	ncons = 0;
	found.n = 0;
	set_up = 1;
	if (n == 0) {
		add(&ttys0, bi);
		/* Without VGA text (UEFI, or a graphics mode) the screen is the framebuffer. */
		if (vga_text > 0)
			add(&vga, bi);
		else if (vga_text == 0)
			add(&fb, bi);
		return &found;
	}
	for (unsigned i = 0; i < n; i++)
		add(&specs[i], bi);
	return &found;
}

void con_ensure(void)
{
	if (!set_up)
		(void)con_setup(NULL, 0, -1, NULL);
}

void con_put(const char *s, size_t n)
{
	for (unsigned i = 0; i < ncons; i++) {
		switch (cons[i].spec.kind) {
		case CON_UART_IO:
		case CON_UART_MMIO:
		case CON_UART_MMIO32:
			uart_write(&cons[i].uart, s, n);
			break;
		case CON_E9:
			for (size_t k = 0; k < n; k++)
				outb(PORT_DEBUGCON, (uint8_t)s[k]);
			break;
		case CON_VGA:
			screen_write(s, n);
			break;
		case CON_FB:
			screen_write(s, n);
			break;
		}
	}
}

void con_write(const char *s, size_t n)
{
	con_put(s, n);
	screen_draw();
}

void con_flush(void)
{
	for (unsigned i = 0; i < ncons; i++)
		if (is_uart(cons[i].spec.kind))
			uart_flush(&cons[i].uart);
}
