/* SPDX-License-Identifier: MIT */
#include "vga.h"

#include <stdint.h>

#include "../arch/cpu.h"
#include "../include/hw/bios.h"
#include "../include/hw/ports.h"

#define VGA_COLS 80
#define VGA_ROWS 25

/* Written, never read: reads of video memory are not to be trusted (docs/screen.md). */
static volatile uint16_t *const text = (volatile uint16_t *)VGA_TEXT_BASE;

static void vga_put(unsigned col, unsigned row, char ch, uint8_t attr)
{
	static int cursor_hidden;

	/* The loader's blinking cursor would sit over a cell of the screen, so the first draw hides
	 * it. */
	if (!cursor_hidden) {
		cursor_hidden = 1;
		outb(PORT_VGA_CRTC_INDEX, VGA_CRTC_CURSOR_START);
		outb(PORT_VGA_CRTC_DATA, VGA_CURSOR_OFF);
	}
	if (col >= VGA_COLS || row >= VGA_ROWS)
		return;
	if (ch < ' ' || ch > '~')
		ch = '?';
	text[row * VGA_COLS + col] = (uint16_t)(attr << 8 | (uint8_t)ch);
}

static const struct grid vga = { VGA_COLS, VGA_ROWS, vga_put };

const struct grid *vga_grid(void)
{
	return &vga;
}
