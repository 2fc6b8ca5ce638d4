/* SPDX-License-Identifier: MIT */
#include "panel.h"

#include "../lib/fmt.h"
#include "../lib/string.h"

/* Compact cells come in groups of this many, a blank column between groups. */
#define GROUP 8

typedef void (*put_fn)(unsigned col, unsigned row, char ch, uint8_t attr);

static struct cell {
	uint32_t apic;
	uint8_t state, step;
} cells[PANEL_MAX_CPUS];
static unsigned ncells;

/* Colours a photo tells apart: a block of colour a cell, black between cells. */
static const uint8_t state_attr[CELL_STATES] = {
	[CELL_IDLE] = GRID_ATTR(GRID_GREY, GRID_BLACK),
	[CELL_WAITING] = GRID_ATTR(GRID_BLACK, GRID_BROWN),
	[CELL_ONLINE] = GRID_ATTR(GRID_BLACK, GRID_GREEN),
	[CELL_FAILED] = GRID_ATTR(GRID_WHITE, GRID_RED),
	[CELL_BSP] = GRID_ATTR(GRID_BLACK, GRID_CYAN),
	[CELL_OFF] = GRID_ATTR(GRID_DARK_GREY, GRID_BLACK),
};
static const char *const state_name[CELL_STATES] = {
	[CELL_IDLE] = "not started", [CELL_WAITING] = "waiting", [CELL_ONLINE] = "online",
	[CELL_FAILED] = "failed",    [CELL_BSP] = "bsp",	 [CELL_OFF] = "off",
};
/* The title counts these, in this order. */
static const enum cell_state counted[] = { CELL_ONLINE, CELL_FAILED, CELL_WAITING, CELL_IDLE,
					   CELL_OFF };

#define TEXT_ATTR GRID_ATTR(GRID_GREY, GRID_BLACK)

void panel_cpus(unsigned n)
{
	ncells = n < PANEL_MAX_CPUS ? n : PANEL_MAX_CPUS;
}

void panel_cpu(unsigned i, uint32_t apic, enum cell_state state, enum step_id step)
{
	if (i >= ncells)
		return;
	cells[i].apic = apic;
	cells[i].state = (uint8_t)state;
	cells[i].step = (uint8_t)step;
}

/* Hex digits of the largest APIC ID, at least 2. */
static unsigned id_width(void)
{
	uint32_t max = 0;
	unsigned w = 2;

	for (unsigned i = 0; i < ncells; i++)
		if (cells[i].apic > max)
			max = cells[i].apic;
	while (w < 8 && (max >> (4 * w)))
		w++;
	return w;
}

static unsigned wide_width(void)
{
	size_t step = 0;

	for (unsigned s = 0; s < STEP_COUNT; s++)
		if (strlen(step_names[s]) > step)
			step = strlen(step_names[s]);
	return id_width() + 1 + (unsigned)step + 1;
}

static unsigned decimal_width(unsigned n)
{
	unsigned w = 1;

	while (n >= 10) {
		n /= 10;
		w++;
	}
	return w;
}

/* Compact: a row starts with its first CPU's number, then groups of GROUP cells. */
static unsigned compact_per_row(unsigned cols)
{
	unsigned label = decimal_width(ncells ? ncells - 1 : 0) + 1;

	if (cols <= label + GROUP)
		return GROUP;
	return (cols - label + 1) / (GROUP + 1) * GROUP;
}

static unsigned rows_for(unsigned per_row)
{
	return per_row ? (ncells + per_row - 1) / per_row : ncells;
}

static int wide_fits(unsigned cols, unsigned max_rows)
{
	unsigned per_row = cols / wide_width();

	return per_row && rows_for(per_row) + 1 <= max_rows;
}

unsigned panel_height(unsigned cols, unsigned max_rows)
{
	unsigned want;

	if (ncells == 0 || max_rows < 2)
		return 0;
	if (wide_fits(cols, max_rows))
		return rows_for(cols / wide_width()) + 1;
	want = rows_for(compact_per_row(cols)) + 1;
	return want < max_rows ? want : max_rows;
}

static unsigned text(unsigned col, unsigned row, unsigned cols, const char *s, uint8_t attr,
		     put_fn put)
{
	for (; *s && col < cols; s++)
		put(col++, row, *s, attr);
	return col;
}

/* The compact cell's character: its last step as one base-36 digit, or its state's sign. */
static char compact_char(const struct cell *c)
{
	switch (c->state) {
	case CELL_ONLINE:
		return '+';
	case CELL_IDLE:
		return '.';
	case CELL_BSP:
		return 'B';
	case CELL_OFF:
		return '-';
	default:
		return (char)(c->step < 10 ? '0' + c->step : 'a' + c->step - 10);
	}
}

/* "CPUs 28: 27 online 1 failed", each count in its cells' colour; compact adds the key. */
static void title(unsigned row, unsigned cols, int compact, put_fn put)
{
	unsigned n[CELL_STATES] = { 0 }, col;
	uint32_t steps = 0;
	char buf[48];

	for (unsigned i = 0; i < ncells; i++) {
		n[cells[i].state]++;
		if (cells[i].state == CELL_WAITING || cells[i].state == CELL_FAILED)
			steps |= 1u << cells[i].step;
	}
	fmt_buf(buf, sizeof(buf), "CPUs %u:", ncells);
	col = text(0, row, cols, buf, TEXT_ATTR, put);
	for (unsigned k = 0; k < sizeof(counted) / sizeof(counted[0]); k++) {
		enum cell_state s = counted[k];

		if (!n[s] && s != CELL_ONLINE && s != CELL_FAILED)
			continue;
		col = text(col, row, cols, " ", TEXT_ATTR, put);
		fmt_buf(buf, sizeof(buf), "%u %s", n[s], state_name[s]);
		col = text(col, row, cols, buf, n[s] ? state_attr[s] : TEXT_ATTR, put);
	}
	if (compact) {
		col = text(col, row, cols, "  key: + online . not started B bsp", TEXT_ATTR, put);
		for (unsigned s = 0; s < STEP_COUNT; s++) {
			struct cell one = { 0, CELL_WAITING, (uint8_t)s };

			if (!(steps & (1u << s)))
				continue;
			fmt_buf(buf, sizeof(buf), " %c %s", compact_char(&one), step_names[s]);
			col = text(col, row, cols, buf, TEXT_ATTR, put);
		}
	}
	while (col < cols)
		put(col++, row, ' ', TEXT_ATTR);
}

static void wide(unsigned top, unsigned height, unsigned cols, put_fn put)
{
	unsigned w = wide_width(), idw = id_width(), per_row = cols / w;
	char buf[32];

	for (unsigned r = 0; r < height; r++) {
		unsigned col = 0;

		for (unsigned k = 0; k < per_row; k++) {
			unsigned i = r * per_row + k;
			const struct cell *c = &cells[i];
			const char *what;
			size_t len;

			if (i >= ncells)
				break;
			what = c->state == CELL_IDLE  ? ""
			       : c->state == CELL_BSP ? "bsp"
			       : c->state == CELL_OFF ? "off"
						      : step_names[c->step];
			fmt_buf(buf, sizeof(buf), "%0*x %s", (int)idw, (unsigned)c->apic, what);
			len = strlen(buf);
			for (unsigned x = 0; x + 1 < w; x++)
				put(col + x, top + r, x < len ? buf[x] : ' ', state_attr[c->state]);
			put(col + w - 1, top + r, ' ', TEXT_ATTR);
			col += w;
		}
		while (col < cols)
			put(col++, top + r, ' ', TEXT_ATTR);
	}
}

static void compact(unsigned top, unsigned height, unsigned cols, put_fn put)
{
	unsigned per_row = compact_per_row(cols), labw = decimal_width(ncells - 1);
	char buf[40];

	for (unsigned r = 0; r < height; r++) {
		unsigned first = r * per_row, col;

		/* The last row says how many did not fit, and how many of them failed. */
		if (r == height - 1 && first + per_row < ncells) {
			unsigned failed = 0;

			for (unsigned i = first; i < ncells; i++)
				failed += cells[i].state == CELL_FAILED;
			fmt_buf(buf, sizeof(buf), "%u more CPUs, %u failed", ncells - first,
				failed);
			col = text(0, top + r, cols, buf,
				   failed ? state_attr[CELL_FAILED] : TEXT_ATTR, put);
		} else {
			fmt_buf(buf, sizeof(buf), "%*u ", (int)labw, first);
			col = text(0, top + r, cols, buf, TEXT_ATTR, put);
			for (unsigned i = first; i < first + per_row && i < ncells; i++) {
				if (i > first && (i - first) % GROUP == 0)
					put(col++, top + r, ' ', TEXT_ATTR);
				put(col++, top + r, compact_char(&cells[i]),
				    state_attr[cells[i].state]);
			}
		}
		while (col < cols)
			put(col++, top + r, ' ', TEXT_ATTR);
	}
}

void panel_draw(unsigned top, unsigned height, unsigned cols, put_fn put)
{
	int is_wide;

	if (height == 0)
		return;
	is_wide = wide_fits(cols, height);
	title(top, cols, !is_wide, put);
	if (is_wide)
		wide(top + 1, height - 1, cols, put);
	else
		compact(top + 1, height - 1, cols, put);
}
