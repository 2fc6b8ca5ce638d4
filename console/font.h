/* SPDX-License-Identifier: MIT */
/*
 * The framebuffer console's glyphs: printable ASCII from a Linux console
 * font (PSF) of a Debian console-font package, converted at build time by
 * tools/psf2c.c (docs/screen.md). Row r of a glyph is one byte, its most
 * significant bit the leftmost pixel.
 */
#ifndef SMPSCOPE_CONSOLE_FONT_H
#define SMPSCOPE_CONSOLE_FONT_H

#include <stdint.h>

#define FONT_W	    8
#define FONT_H	    16
#define FONT_FIRST  0x20 /* ' ' */
#define FONT_COUNT  95	 /* ' ' to '~' */
#define FONT_ESCAPE '?'	 /* what stands for a character outside them */

extern const char font_name[];
extern const uint8_t font_glyphs[FONT_COUNT][FONT_H];

#endif
