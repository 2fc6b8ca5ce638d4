/* SPDX-License-Identifier: MIT */
/*
 * Character cells drawn into a linear framebuffer of any RGB layout a
 * loader reports (docs/screen.md): 15, 16, 24 or 32 bits a pixel, each
 * colour a bit field at its own position. Pure: it writes pixels at the
 * address it is given and reads none back, so the host tests draw into a
 * buffer (tests/unit/test_fbdraw.c).
 */
#ifndef SMPSCOPE_CONSOLE_FBDRAW_H
#define SMPSCOPE_CONSOLE_FBDRAW_H

#include <stdint.h>

#include "font.h"

struct fb_format {
	uint32_t pitch, width, height; /* bytes a line; pixels */
	uint8_t bpp;
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct fb_surface {
	volatile uint8_t *base;
	struct fb_format fmt;
	unsigned bytes;	     /* a pixel's */
	uint32_t pixel[16];  /* the 16 colours of enum grid_colour, as pixel values */
	unsigned cols, rows; /* whole cells */
	const uint8_t (*glyphs)[FONT_H];
};

/* NULL when f can be drawn; else why not, for the log. */
const char *fbdraw_check(const struct fb_format *f);
/* f must have passed fbdraw_check. */
void fbdraw_setup(struct fb_surface *s, volatile void *base, const struct fb_format *f,
		  const uint8_t (*glyphs)[FONT_H]);
/* Every pixel, the margins right and below the last whole cell too, in one colour. */
void fbdraw_clear(const struct fb_surface *s, unsigned colour);
/* One cell; ch outside the font is drawn as FONT_ESCAPE; attr as in console/grid.h. */
void fbdraw_cell(const struct fb_surface *s, unsigned col, unsigned row, char ch, uint8_t attr);

#endif
