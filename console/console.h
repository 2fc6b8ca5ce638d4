/* SPDX-License-Identifier: MIT */
/* All consoles at once: every drained byte goes to each working one. */
#ifndef SMPSCOPE_CONSOLE_CONSOLE_H
#define SMPSCOPE_CONSOLE_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "spec.h"
#include "uart.h"

struct bootinfo;

#define CON_MAX 6

/* What setting up one console found: its ev=console line (docs/log-format.md). */
struct con_found {
	struct console_spec spec;
	int present;
	const char *why;   /* a UART's reason it is not used; NULL when it is */
	uint32_t map_type; /* why=memory-map: the type of the map entry the UART lies in */
	struct uart uart;  /* a UART that answered: how it was set up */
};

struct con_found_list {
	unsigned n;
	struct con_found con[CON_MAX]; /* in the order they were tried */
	char fb[256];		       /* fb_describe(), when the framebuffer was tried */
};

/*
 * Sets up the consoles named by specs; with none, ttyS0 at 115200 and the
 * screen (docs/screen.md): VGA text when vga_text is 1 (BIOS text mode),
 * the framebuffer when it is 0 (fb_init must have run), none when it is -1
 * (before the loader's information is read). Returns each console's fate,
 * for the caller to log (the log sits above the consoles: it writes to
 * them). bi's memory map (NULL: none) keeps an MMIO UART out of memory.
 */
const struct con_found_list *con_setup(const struct console_spec *specs, unsigned n, int vga_text,
				       const struct bootinfo *bi);
/*
 * ttyS0 alone, if con_setup has not run yet: for reports made before the
 * knobs are read. What it found is not logged: nothing above the log runs
 * on that path (an exception before the consoles were set up).
 */
void con_ensure(void);
/* Text to every console; the screen shows it at once. */
void con_write(const char *s, size_t n);
/*
 * The same, but the screen shows it at its next refresh (log_drain's end):
 * the drain hands the log out a line at a time, and a screen drawn after
 * each line would scroll every row once per line.
 */
void con_put(const char *s, size_t n);
/* Waits, bounded, until each UART has sent its last bit. */
void con_flush(void);

#endif
