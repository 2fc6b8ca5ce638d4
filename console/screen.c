/* SPDX-License-Identifier: MIT */
#include "screen.h"

#include <stdarg.h>
#include <stdint.h>

#include "../lib/fmt.h"
#include "../lib/string.h"
#include "panel.h"

#define LINE_LEN   (SCREEN_MAX_COLS + 1)
#define DIAG_MAX   8
#define DETAIL_MIN 3 /* the log keeps at least these rows, whatever the panel needs */

#define ATTR_TEXT    GRID_ATTR(GRID_GREY, GRID_BLACK)
#define ATTR_TITLE   GRID_ATTR(GRID_WHITE, GRID_BLUE)
#define ATTR_QUIET   GRID_ATTR(GRID_DARK_GREY, GRID_BLACK)
#define ATTR_DIAG    GRID_ATTR(GRID_YELLOW, GRID_BLACK)
#define ATTR_RUNNING GRID_ATTR(GRID_YELLOW, GRID_BLACK)
#define ATTR_PASS    GRID_ATTR(GRID_BLACK, GRID_GREEN)
#define ATTR_FAIL    GRID_ATTR(GRID_WHITE, GRID_RED)

enum verdict { V_NONE, V_RUNNING, V_PASS, V_FAIL };

static enum screen_mode mode = SCREEN_PANEL;
static const struct grid *grid;
static unsigned cols, rows;
/* What every cell shows now: the only copy read, as video memory is never read back. */
static uint16_t shown[SCREEN_MAX_ROWS][SCREEN_MAX_COLS];

static char header[2][LINE_LEN];
static char diag[DIAG_MAX][LINE_LEN];
static unsigned ndiag;
static enum verdict verdict;
static char verdict_line[LINE_LEN], verdict_why[LINE_LEN];
static void (*feed)(void);

/*
 * The log's last rows, wrapped at the screen's width: detail_at is the row
 * being written, detail_rows how many there are (up to SCREEN_MAX_ROWS).
 */
static char detail[SCREEN_MAX_ROWS][SCREEN_MAX_COLS];
static unsigned detail_at, detail_col, detail_rows = 1;

void screen_set_mode(enum screen_mode m)
{
	mode = m;
}

static void put_cell(unsigned col, unsigned row, char ch, uint8_t attr)
{
	uint16_t v;

	if (col >= cols || row >= rows)
		return;
	if (ch < ' ' || ch > '~')
		ch = '?';
	v = (uint16_t)(attr << 8 | (uint8_t)ch);
	if (shown[row][col] == v)
		return;
	shown[row][col] = v;
	grid->put(col, row, ch, attr);
}

int screen_attach(const struct grid *g)
{
	if (grid || !g)
		return grid == g ? 0 : -1;
	if (mode == SCREEN_OFF)
		return 0;
	grid = g;
	cols = g->cols < SCREEN_MAX_COLS ? g->cols : SCREEN_MAX_COLS;
	rows = g->rows < SCREEN_MAX_ROWS ? g->rows : SCREEN_MAX_ROWS;
	for (unsigned r = 0; r < rows; r++)
		for (unsigned c = 0; c < cols; c++) {
			shown[r][c] = (uint16_t)(ATTR_TEXT << 8 | ' ');
			g->put(c, r, ' ', ATTR_TEXT);
		}
	return 0;
}

void screen_header(unsigned line, const char *fmt, ...)
{
	va_list ap;

	if (line >= 2)
		return;
	va_start(ap, fmt);
	fmt_vbuf(header[line], LINE_LEN, fmt, ap);
	va_end(ap);
}

void screen_diagnosis(const char *fmt, ...)
{
	va_list ap;

	if (ndiag >= DIAG_MAX) {
		ndiag++; /* counted, for the "more" line */
		return;
	}
	va_start(ap, fmt);
	fmt_vbuf(diag[ndiag++], LINE_LEN, fmt, ap);
	va_end(ap);
}

void screen_case(const char *name)
{
	if (verdict == V_FAIL)
		return;
	verdict = V_RUNNING;
	fmt_buf(verdict_line, LINE_LEN, "running: %s", name);
	verdict_why[0] = '\0';
}

void screen_verdict(int pass, const char *line, const char *why)
{
	/* A failure stays: nothing after it may paint the screen green. */
	if (verdict == V_FAIL)
		return;
	verdict = pass ? V_PASS : V_FAIL;
	str_copy(verdict_line, line, LINE_LEN);
	str_copy(verdict_why, why ? why : "", LINE_LEN);
}

void screen_set_feed(void (*fn)(void))
{
	feed = fn;
}

/* One row of text from col 0, padded; a '>' in the last column says it went on. */
static void text_row(unsigned row, const char *s, uint8_t attr)
{
	size_t len = strlen(s);

	for (unsigned c = 0; c < cols; c++) {
		char ch = c < len ? s[c] : ' ';

		if (c == cols - 1 && len > cols)
			ch = '>';
		put_cell(c, row, ch, attr);
	}
}

/* The log fills the rows from the top, then scrolls: the row being written is the lowest. */
static void draw_detail(unsigned top, unsigned height)
{
	unsigned shown_rows = detail_rows < height ? detail_rows : height;

	for (unsigned r = 0; r < height; r++) {
		unsigned src =
			(detail_at + SCREEN_MAX_ROWS - (shown_rows - 1 - r)) % SCREEN_MAX_ROWS;

		for (unsigned c = 0; c < cols; c++) {
			char ch = r < shown_rows ? detail[src][c] : '\0';

			put_cell(c, top + r, ch ? ch : ' ', ATTR_TEXT);
		}
	}
}

static unsigned diag_rows(void)
{
	return rows >= 40 ? 4 : 2;
}

static void draw_diagnosis(unsigned top, unsigned height)
{
	char more[LINE_LEN];

	if (ndiag == 0) {
		text_row(top, "diagnosis: no CPU has failed so far", ATTR_QUIET);
		for (unsigned r = 1; r < height; r++)
			text_row(top + r, "", ATTR_TEXT);
		return;
	}
	for (unsigned r = 0; r < height; r++) {
		if (r == height - 1 && ndiag > height) {
			fmt_buf(more, sizeof(more), "and %u more: the red cells, and the log below",
				ndiag - r);
			text_row(top + r, more, ATTR_DIAG);
		} else {
			text_row(top + r, r < ndiag ? diag[r] : "", ATTR_DIAG);
		}
	}
}

static void draw_verdict(unsigned top)
{
	static const uint8_t attr[] = {
		[V_NONE] = ATTR_QUIET,
		[V_RUNNING] = ATTR_RUNNING,
		[V_PASS] = ATTR_PASS,
		[V_FAIL] = ATTR_FAIL,
	};

	text_row(top, verdict == V_NONE ? "no case has begun" : verdict_line, attr[verdict]);
	text_row(top + 1, verdict_why, verdict == V_FAIL ? ATTR_DIAG : ATTR_TEXT);
}

static void draw(void)
{
	unsigned fixed = 2 + diag_rows() + 2 + 1, top = 0, panel;
	char rule[LINE_LEN];

	if (mode == SCREEN_LOG || rows < fixed + DETAIL_MIN) {
		draw_detail(0, rows);
		return;
	}
	text_row(top++, header[0], ATTR_TITLE);
	text_row(top++, header[1], ATTR_TEXT);
	panel = panel_height(cols, rows - fixed - DETAIL_MIN);
	panel_draw(top, panel, cols, put_cell);
	top += panel;
	draw_diagnosis(top, diag_rows());
	top += diag_rows();
	draw_verdict(top);
	top += 2;
	memset(rule, '-', cols);
	memcpy(rule, "-- log ", 7);
	rule[cols] = '\0';
	text_row(top++, rule, ATTR_QUIET);
	draw_detail(top, rows - top);
}

static void detail_newline(void)
{
	detail_at = (detail_at + 1) % SCREEN_MAX_ROWS;
	if (detail_rows < SCREEN_MAX_ROWS)
		detail_rows++;
	memset(detail[detail_at], 0, sizeof(detail[0]));
	detail_col = 0;
}

void screen_write(const char *s, size_t n)
{
	if (!grid)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			detail_newline();
			continue;
		}
		if (s[i] == '\r')
			continue;
		if (detail_col == cols)
			detail_newline();
		detail[detail_at][detail_col++] = s[i];
	}
}

void screen_draw(void)
{
	if (grid)
		draw();
}

void screen_refresh(void)
{
	if (!grid)
		return;
	if (feed && mode == SCREEN_PANEL)
		feed();
	draw();
}
