/* SPDX-License-Identifier: MIT */
#include "vga.h"

#include <stdint.h>

#include "../include/hw/bios.h"
#include "../lib/string.h"

#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x0700 /* light grey on black */

static volatile uint16_t *const screen = (volatile uint16_t *)VGA_TEXT_BASE;
static unsigned row, col;

void vga_init(void)
{
	for (unsigned i = 0; i < VGA_COLS * VGA_ROWS; i++)
		screen[i] = VGA_ATTR | ' ';
	row = col = 0;
}

static void newline(void)
{
	col = 0;
	if (++row < VGA_ROWS)
		return;
	for (unsigned i = 0; i < VGA_COLS * (VGA_ROWS - 1); i++)
		screen[i] = screen[i + VGA_COLS];
	for (unsigned i = 0; i < VGA_COLS; i++)
		screen[VGA_COLS * (VGA_ROWS - 1) + i] = VGA_ATTR | ' ';
	row = VGA_ROWS - 1;
}

void vga_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			newline();
			continue;
		}
		if (s[i] == '\r')
			continue;
		if (col == VGA_COLS)
			newline();
		screen[row * VGA_COLS + col++] = (uint16_t)(VGA_ATTR | (uint8_t)s[i]);
	}
}
