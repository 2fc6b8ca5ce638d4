/* SPDX-License-Identifier: MIT */
/*
 * A screen of character cells, whatever draws them: the VGA text buffer
 * under BIOS, or the multiboot2 framebuffer with a PSF font under UEFI
 * (docs/screen.md). The screen layout (header, CPU panel, diagnosis,
 * verdict, scrolling detail) is written once against this, keeps its own
 * copy of every cell and never reads video memory back: some machines
 * (and QEMU's qboot) return zeros there.
 */
#ifndef SMPSCOPE_CONSOLE_GRID_H
#define SMPSCOPE_CONSOLE_GRID_H

#include <stdint.h>

/* Colours as VGA text attributes: foreground in bits 0-3, background in bits 4-6. */
enum grid_colour {
	GRID_BLACK = 0x0,
	GRID_BLUE = 0x1,
	GRID_GREEN = 0x2,
	GRID_CYAN = 0x3,
	GRID_RED = 0x4,
	GRID_MAGENTA = 0x5,
	GRID_BROWN = 0x6,
	GRID_GREY = 0x7,
	GRID_DARK_GREY = 0x8,
	GRID_YELLOW = 0xe,
	GRID_WHITE = 0xf,
};
#define GRID_ATTR(fg, bg) ((uint8_t)((fg) | (bg) << 4))

struct grid {
	unsigned cols, rows;
	/* Draws one cell; ch is printable ASCII (anything else is drawn as '?'). */
	void (*put)(unsigned col, unsigned row, char ch, uint8_t attr);
};

#endif
