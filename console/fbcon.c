/* SPDX-License-Identifier: MIT */
#include "fbcon.h"

#include "../lib/string.h"
#include "fb.h"

#define FBCON_ATTR GRID_ATTR(GRID_GREY, GRID_BLACK)

static const struct grid *g;
/* The text on screen: a scroll moves this copy, never the framebuffer (docs/screen.md). */
static char text[FB_MAX_ROWS][FB_MAX_COLS];
static unsigned row, col;

static void redraw(void)
{
	for (unsigned r = 0; r < g->rows; r++)
		for (unsigned c = 0; c < g->cols; c++)
			g->put(c, r, text[r][c], FBCON_ATTR);
}

void fbcon_init(void)
{
	g = fb_grid();
	if (!g)
		return;
	memset(text, ' ', sizeof(text));
	row = col = 0;
	redraw();
}

/*
 * Past the last row the text jumps up a quarter of the screen, not a line: a scroll redraws
 * nearly every cell, and a drain of a few lines at each phase boundary would otherwise pay for
 * one each time (under an emulator, seconds for a 28-CPU bringup). Returns 1 when it jumped.
 */
static int newline(void)
{
	unsigned jump = g->rows / 4 ? g->rows / 4 : 1;

	col = 0;
	if (++row < g->rows)
		return 0;
	memmove(text[0], text[jump], sizeof(text[0]) * (g->rows - jump));
	memset(text[g->rows - jump], ' ', sizeof(text[0]) * jump);
	row = g->rows - jump;
	return 1;
}

void fbcon_write(const char *s, size_t n)
{
	int scrolled = 0;

	if (!g)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			scrolled |= newline();
			continue;
		}
		if (s[i] == '\r')
			continue;
		if (col == g->cols)
			scrolled |= newline();
		text[row][col] = s[i];
		/* Before any scroll a cell is drawn at once; after one, the redraw below does it.
		 */
		if (!scrolled)
			g->put(col, row, s[i], FBCON_ATTR);
		col++;
	}
	/* One redraw for the whole chunk; fb.c skips the cells that did not change. */
	if (scrolled)
		redraw();
}
