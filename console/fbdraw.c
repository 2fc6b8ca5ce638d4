/* SPDX-License-Identifier: MIT */
#include "fbdraw.h"

/* The 16 colours of VGA text mode, as 8-bit red, green, blue: console/grid.h's attributes. */
static const uint8_t vga_rgb[16][3] = {
	{ 0x00, 0x00, 0x00 }, { 0x00, 0x00, 0xaa }, { 0x00, 0xaa, 0x00 }, { 0x00, 0xaa, 0xaa },
	{ 0xaa, 0x00, 0x00 }, { 0xaa, 0x00, 0xaa }, { 0xaa, 0x55, 0x00 }, { 0xaa, 0xaa, 0xaa },
	{ 0x55, 0x55, 0x55 }, { 0x55, 0x55, 0xff }, { 0x55, 0xff, 0x55 }, { 0x55, 0xff, 0xff },
	{ 0xff, 0x55, 0x55 }, { 0xff, 0x55, 0xff }, { 0xff, 0xff, 0x55 }, { 0xff, 0xff, 0xff },
};

static int field_ok(unsigned pos, unsigned size, unsigned bpp)
{
	return size >= 1 && size <= 16 && pos + size <= bpp;
}

const char *fbdraw_check(const struct fb_format *f)
{
	unsigned bytes = (f->bpp + 7u) / 8;

	if (f->bpp != 15 && f->bpp != 16 && f->bpp != 24 && f->bpp != 32)
		return "bits per pixel not 15, 16, 24 or 32";
	if (!field_ok(f->red_pos, f->red_size, f->bpp) ||
	    !field_ok(f->green_pos, f->green_size, f->bpp) ||
	    !field_ok(f->blue_pos, f->blue_size, f->bpp))
		return "a colour field lies outside the pixel";
	if (f->width < FONT_W || f->height < FONT_H)
		return "smaller than one character cell";
	if (f->pitch / bytes < f->width)
		return "pitch shorter than a line of pixels";
	return 0;
}

/* An 8-bit intensity scaled to a field of size bits, rounded. */
static uint32_t scale(uint8_t c, unsigned size)
{
	uint32_t max = (1u << size) - 1;

	return (c * max + 127) / 255;
}

void fbdraw_setup(struct fb_surface *s, volatile void *base, const struct fb_format *f,
		  const uint8_t (*glyphs)[FONT_H])
{
	s->base = base;
	s->fmt = *f;
	s->bytes = (f->bpp + 7u) / 8;
	s->cols = f->width / FONT_W;
	s->rows = f->height / FONT_H;
	s->glyphs = glyphs;
	for (unsigned i = 0; i < 16; i++)
		s->pixel[i] = scale(vga_rgb[i][0], f->red_size) << f->red_pos |
			      scale(vga_rgb[i][1], f->green_size) << f->green_pos |
			      scale(vga_rgb[i][2], f->blue_size) << f->blue_pos;
}

/* One pixel value into a buffer, little-endian, in the pixel's bytes. */
static void pixel_bytes(uint8_t *dst, unsigned bytes, uint32_t v)
{
	for (unsigned i = 0; i < bytes; i++)
		dst[i] = (uint8_t)(v >> (8 * i));
}

/*
 * Eight pixels (16, 24 or 32 bytes: a whole number of 64-bit words) from a buffer to the
 * framebuffer, a word at a time where the pitch keeps them aligned: an eighth of the stores
 * of pixel by pixel at 24 bits, which an emulator's display memory makes the cost of
 * drawing. Never a read.
 */
static void put8(volatile uint8_t *p, const uint64_t *row, unsigned bytes)
{
	const uint8_t *b = (const uint8_t *)row;

	if ((uintptr_t)p % 8 == 0) {
		for (unsigned i = 0; i < bytes; i++)
			((volatile uint64_t *)p)[i] = row[i];
		return;
	}
	for (unsigned i = 0; i < 8 * bytes; i++)
		p[i] = b[i];
}

/* n pixels of one value from p on. */
static void span(const struct fb_surface *s, volatile uint8_t *p, unsigned n, uint32_t v)
{
	uint64_t px[FONT_W * 4 / 8];

	for (unsigned x = 0; x < FONT_W; x++)
		pixel_bytes((uint8_t *)px + x * s->bytes, s->bytes, v);
	for (; n >= FONT_W; n -= FONT_W, p += FONT_W * s->bytes)
		put8(p, px, s->bytes);
	for (; n; n--, p += s->bytes)
		for (unsigned i = 0; i < s->bytes; i++)
			p[i] = (uint8_t)(v >> (8 * i));
}

void fbdraw_clear(const struct fb_surface *s, unsigned colour)
{
	for (uint32_t y = 0; y < s->fmt.height; y++)
		span(s, s->base + (uint64_t)y * s->fmt.pitch, s->fmt.width, s->pixel[colour & 15]);
}

void fbdraw_cell(const struct fb_surface *s, unsigned col, unsigned row, char ch, uint8_t attr)
{
	unsigned c = (unsigned char)ch;
	const uint8_t *glyph;
	uint32_t fg = s->pixel[attr & 15], bg = s->pixel[(attr >> 4) & 7];
	volatile uint8_t *line;

	if (col >= s->cols || row >= s->rows)
		return;
	if (c < FONT_FIRST || c >= FONT_FIRST + FONT_COUNT)
		c = FONT_ESCAPE;
	glyph = s->glyphs[c - FONT_FIRST];
	line = s->base + (uint64_t)row * FONT_H * s->fmt.pitch + (uint64_t)col * FONT_W * s->bytes;
	for (unsigned y = 0; y < FONT_H; y++, line += s->fmt.pitch) {
		uint64_t px[FONT_W * 4 / 8];

		for (unsigned x = 0; x < FONT_W; x++)
			pixel_bytes((uint8_t *)px + x * s->bytes, s->bytes,
				    glyph[y] & (0x80 >> x) ? fg : bg);
		put8(line, px, s->bytes);
	}
}
