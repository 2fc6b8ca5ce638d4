/* SPDX-License-Identifier: MIT */
/*
 * The framebuffer the loader handed over (multiboot2, UEFI GOP or VBE), as a
 * grid of 8x16 character cells (console/grid.h, docs/screen.md).
 */
#ifndef SMPSCOPE_CONSOLE_FB_H
#define SMPSCOPE_CONSOLE_FB_H

#include <stddef.h>

#include "../arch/bootinfo.h"
#include "grid.h"

/* Larger screens use their top-left 1920x2160 pixels: 8x16 text is small enough there. */
#define FB_MAX_COLS 240
#define FB_MAX_ROWS 135

/*
 * Maps the loader's framebuffer and clears it to black, if it is one this
 * console draws (RGB, 15 to 32 bits a pixel). Prints nothing: fb_describe
 * says afterwards what it found. Returns 0 when the grid is ready.
 */
int fb_init(const struct bootinfo *bi);
/* The framebuffer's cells (cols = width / 8, rows = height / 16), or NULL without one. */
const struct grid *fb_grid(void);
/* The framebuffer's mode, mapping and grid, or why there is none, as log keys. */
void fb_describe(char *buf, size_t size);

#endif
