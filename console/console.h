/* SPDX-License-Identifier: MIT */
/* All consoles at once: every drained byte goes to each working one. */
#ifndef SMPSCOPE_CONSOLE_CONSOLE_H
#define SMPSCOPE_CONSOLE_CONSOLE_H

#include <stddef.h>

#include "spec.h"

struct bootinfo;

/*
 * Sets up the consoles named by specs; with none, ttyS0 at 115200 and the
 * screen (docs/screen.md): VGA text when vga_text is 1 (BIOS text mode),
 * the framebuffer when it is 0 (fb_init must have run), none when it is -1
 * (before the loader's information is read). Each console's fate is
 * logged as an ev=console line. bi's memory map (NULL: none) keeps an MMIO
 * UART out of memory.
 */
void con_setup(const struct console_spec *specs, unsigned n, int vga_text,
	       const struct bootinfo *bi);
/* ttyS0 alone, if con_setup has not run yet: for reports made before the knobs are read. */
void con_ensure(void);
void con_write(const char *s, size_t n);
/* Waits, bounded, until each UART has sent its last bit. */
void con_flush(void);

#endif
