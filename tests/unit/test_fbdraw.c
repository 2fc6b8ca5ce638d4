/* SPDX-License-Identifier: MIT */
/*
 * console/fbdraw.c draws into a buffer of each pixel layout a loader may
 * report: 32, 24, 16 and 15 bits, RGB and BGR, 10-bit fields. A cell's
 * pixels must be the glyph in the two colours the attribute names, at the
 * position the pitch gives, and no byte outside the cell may change (the
 * bytes past a line's last pixel are the pitch's padding, not ours).
 */
#include "../../console/fbdraw.h"
#include "../../console/grid.h"
#include "unit.h"

#define W     20 /* two whole cells and 4 pixels of margin */
#define H     40 /* two whole rows and 8 lines of margin */
#define PAD   12 /* bytes past each line's last pixel */
#define GUARD 0xee

static uint8_t glyphs[FONT_COUNT][FONT_H];
static uint8_t buf[H * (W * 4 + PAD)];

struct layout {
	const char *name;
	struct fb_format f;
	uint32_t white, blue; /* the pixel values GRID_WHITE and GRID_BLUE must give */
};

static const struct layout layouts[] = {
	{ "32bpp xRGB", { 0, W, H, 32, 16, 8, 8, 8, 0, 8 }, 0xffffff, 0x0000aa },
	{ "32bpp xBGR", { 0, W, H, 32, 0, 8, 8, 8, 16, 8 }, 0xffffff, 0xaa0000 },
	{ "24bpp RGB", { 0, W, H, 24, 16, 8, 8, 8, 0, 8 }, 0xffffff, 0x0000aa },
	/* 0xaa scaled to 5 bits: (170 * 31 + 127) / 255 = 21; to 10 bits: 682. */
	{ "16bpp 5:6:5", { 0, W, H, 16, 11, 5, 5, 6, 0, 5 }, 0xffff, 21 },
	{ "15bpp 5:5:5", { 0, W, H, 15, 10, 5, 5, 5, 0, 5 }, 0x7fff, 21 },
	{ "32bpp 10:10:10", { 0, W, H, 32, 20, 10, 10, 10, 0, 10 }, 0x3fffffff, 682 },
};

static uint32_t pixel_at(const struct fb_surface *s, unsigned x, unsigned y)
{
	const uint8_t *p = buf + y * s->fmt.pitch + x * s->bytes;
	uint32_t v = 0;

	for (unsigned i = 0; i < s->bytes; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

/* The bytes of the buffer outside cell (col, row) that are not GUARD; 0 when none. */
static unsigned touched_outside(const struct fb_surface *s, unsigned col, unsigned row)
{
	unsigned n = 0;

	for (unsigned y = 0; y < H; y++)
		for (unsigned b = 0; b < s->fmt.pitch; b++) {
			int in = y / FONT_H == row && b / s->bytes / FONT_W == col &&
				 b < W * s->bytes;

			if (!in && buf[y * s->fmt.pitch + b] != GUARD)
				n++;
		}
	return n;
}

static void test_layout(const struct layout *l)
{
	struct fb_format f = l->f;
	struct fb_surface s;
	unsigned wrong = 0, lit = 0;

	f.pitch = W * ((f.bpp + 7u) / 8) + PAD;
	unit_at(l->name);
	CHECK(fbdraw_check(&f) == NULL, unit_name("%s: accepted", l->name), "%s", fbdraw_check(&f));
	memset(buf, GUARD, sizeof(buf));
	fbdraw_setup(&s, buf, &f, (const uint8_t(*)[FONT_H])glyphs);
	CHECK(s.cols == 2 && s.rows == 2, unit_name("%s: 2x2 whole cells", l->name),
	      "cols=%u rows=%u", s.cols, s.rows);
	fbdraw_cell(&s, 1, 1, 'A', GRID_ATTR(GRID_WHITE, GRID_BLUE));
	for (unsigned y = 0; y < FONT_H; y++)
		for (unsigned x = 0; x < FONT_W; x++) {
			int on = glyphs['A' - FONT_FIRST][y] & (0x80 >> x);
			uint32_t got = pixel_at(&s, FONT_W + x, FONT_H + y);

			lit += on != 0;
			wrong += got != (on ? l->white : l->blue);
		}
	CHECK(wrong == 0 && lit > 0, unit_name("%s: the glyph in white on blue", l->name),
	      "%u of 128 pixels wrong (white %#x, blue %#x wanted; first pixel %#x)", wrong,
	      l->white, l->blue, pixel_at(&s, FONT_W, FONT_H));
	CHECK_UINT(touched_outside(&s, 1, 1), 0,
		   unit_name("%s: nothing outside the cell", l->name));

	fbdraw_cell(&s, 2, 0, 'A', 0x0f);
	fbdraw_cell(&s, 0, 2, 'A', 0x0f);
	CHECK_UINT(touched_outside(&s, 1, 1), 0,
		   unit_name("%s: a cell past the last whole one is not drawn", l->name));

	fbdraw_clear(&s, GRID_BLACK);
	wrong = 0;
	for (unsigned y = 0; y < H; y++)
		for (unsigned x = 0; x < W; x++)
			wrong += pixel_at(&s, x, y) != 0;
	for (unsigned y = 0; y < H; y++)
		for (unsigned b = W * s.bytes; b < f.pitch; b++)
			wrong += buf[y * f.pitch + b] != GUARD;
	CHECK_UINT(wrong, 0, unit_name("%s: clear blackens every pixel, not the padding", l->name));
}

static void test_escape(void)
{
	struct fb_format f = layouts[0].f;
	struct fb_surface s;
	unsigned wrong = 0;

	f.pitch = W * 4 + PAD;
	fbdraw_setup(&s, buf, &f, (const uint8_t(*)[FONT_H])glyphs);
	fbdraw_cell(&s, 0, 0, '\x01', GRID_ATTR(GRID_WHITE, GRID_BLACK));
	for (unsigned y = 0; y < FONT_H; y++)
		for (unsigned x = 0; x < FONT_W; x++)
			wrong += pixel_at(&s, x, y) !=
				 (glyphs[FONT_ESCAPE - FONT_FIRST][y] & (0x80 >> x) ? 0xffffff : 0);
	CHECK_UINT(wrong, 0, "a character outside the font is drawn as '?'");
}

static void test_refused(void)
{
	static const struct {
		const char *name, *why;
		struct fb_format f;
	} bad[] = {
		{ "8bpp", "bits per pixel", { 800, 800, 600, 8, 5, 3, 2, 3, 0, 2 } },
		{ "field past the pixel",
		  "outside the pixel",
		  { 3200, 800, 600, 16, 12, 5, 5, 6, 0, 5 } },
		{ "empty field", "outside the pixel", { 3200, 800, 600, 32, 16, 0, 8, 8, 0, 8 } },
		{ "short pitch", "pitch", { 3196, 800, 600, 32, 16, 8, 8, 8, 0, 8 } },
		{ "narrower than a cell", "smaller", { 28, 7, 600, 32, 16, 8, 8, 8, 0, 8 } },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = fbdraw_check(&bad[i].f);

		CHECK(why && strstr(why, bad[i].why), unit_name("refused: %s", bad[i].name),
		      "got %s", why ? why : "accepted");
	}
}

int main(void)
{
	unit_begin();
	/* 'A': a frame with a bar; '?': every pixel lit; the rest blank. */
	for (unsigned y = 2; y < 14; y++)
		glyphs['A' - FONT_FIRST][y] = y == 2 || y == 13 ? 0xff : y == 7 ? 0x7e : 0x81;
	memset(glyphs[FONT_ESCAPE - FONT_FIRST], 0xff, FONT_H);
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		test_layout(&layouts[i]);
	test_escape();
	test_refused();
	return unit_done();
}
