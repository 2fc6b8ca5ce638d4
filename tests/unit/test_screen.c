/* SPDX-License-Identifier: MIT */
/*
 * The screen's layout (console/screen.c, console/panel.c) on an 80x25 grid
 * kept in RAM: the plain log mirror, the panel of 28 CPUs and of 256 and
 * 1024, the diagnosis and verdict frozen while the log scrolls below them,
 * and a redraw that changes nothing drawing nothing (docs/screen.md).
 */
#include "../../console/panel.h"
#include "../../console/screen.h"
#include "unit.h"

#define COLS 80
#define ROWS 25

static char text[ROWS][COLS + 1];
static uint8_t attr[ROWS][COLS];
static unsigned puts_, bad_puts;

static void fake_put(unsigned col, unsigned row, char ch, uint8_t a)
{
	puts_++;
	if (col >= COLS || row >= ROWS || ch < ' ' || ch > '~') {
		bad_puts++;
		return;
	}
	text[row][col] = ch;
	attr[row][col] = a;
}

static const struct grid fake = { COLS, ROWS, fake_put };

static void show(void)
{
	for (unsigned r = 0; r < ROWS; r++)
		fprintf(stderr, "# %2u|%s|\n", r, text[r]);
}

/* The row that starts with s, or -1. */
static int row_starting(const char *s)
{
	for (unsigned r = 0; r < ROWS; r++)
		if (strncmp(text[r], s, strlen(s)) == 0)
			return (int)r;
	return -1;
}

static int row_holding(const char *s)
{
	for (unsigned r = 0; r < ROWS; r++)
		if (strstr(text[r], s))
			return (int)r;
	return -1;
}

static void write_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void write_line(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	buf[n++] = '\n';
	screen_write(buf, (size_t)n);
	screen_draw(); /* as con_write() does */
}

static void log_mode(void)
{
	char long_line[101];

	unit_check(puts_ == COLS * ROWS && row_starting("    ") == 0, "attach clears every cell",
		   "%u puts", puts_);
	write_line("hello");
	write_line("world");
	unit_check(row_starting("hello ") == 0 && row_starting("world ") == 1,
		   "log: lines fill from the top", "rows 0, 1: %s / %s", text[0], text[1]);
	memset(long_line, 'x', 100);
	long_line[100] = '\0';
	write_line("%s", long_line);
	unit_check(text[2][79] == 'x' && strncmp(text[3], "xxxxxxxxxxxxxxxxxxxx ", 21) == 0,
		   "log: a long line wraps at 80 columns", "rows 2, 3: %s / %s", text[2], text[3]);
	for (int i = 0; i < 40; i++)
		write_line("line %d", i);
	unit_check(row_starting("line 39 ") == ROWS - 2 && row_starting(" ") == ROWS - 1 &&
			   row_starting("line 16 ") == 0,
		   "log: scrolls from its own copy, the newest line above the cursor row",
		   "the screen follows on stderr");
}

static void feed28(void)
{
	panel_cpus(28);
	for (unsigned i = 0; i < 28; i++)
		panel_cpu(i, i,
			  i == 0   ? CELL_BSP
			  : i == 5 ? CELL_FAILED
				   : CELL_ONLINE,
			  i == 5 ? STEP_LONGMODE : STEP_ONLINE);
}

static char frozen[ROWS][COLS + 1];
static int log_top;

static void panel28(void)
{
	int cpus, r5, diag, verdict;
	unsigned ncell = 0;

	screen_set_mode(SCREEN_PANEL);
	screen_header(0, "smpscope serial | case=serial fault=stop:longmode@0x5");
	screen_header(1, "Intel Core Processor (Haswell) | GRUB 2.06, BIOS | 511 MiB");
	screen_set_feed(feed28);
	screen_case("serial");
	screen_refresh();
	cpus = row_starting("CPUs 28: 26 online 1 failed");
	unit_check(row_starting("smpscope serial |") == 0 && row_starting("Intel Core") == 1 &&
			   cpus == 2,
		   "panel: header, then the panel's title", "the screen follows on stderr");
	for (int r = cpus + 1; r > 0 && r < cpus + 6; r++)
		for (const char *p = text[r]; (p = strstr(p, " online")) != NULL; p++)
			ncell++;
	r5 = row_holding("05 longmode");
	unit_check(ncell == 26 && row_holding("00 bsp") == cpus + 1 && r5 == cpus + 1,
		   "panel: 28 CPUs in five rows of wide cells", "%u online cells", ncell);
	if (r5 >= 0) {
		unsigned c = (unsigned)(strstr(text[r5], "05 longmode") - text[r5]);

		unit_check(attr[r5][c] == GRID_ATTR(GRID_WHITE, GRID_RED),
			   "panel: a failed cell is red", "attr %#x", attr[r5][c]);
	}
	unit_check(row_starting("diagnosis: no CPU has failed") == cpus + 6 &&
			   row_starting("running: serial") == cpus + 8 &&
			   row_starting("-- log ---") == cpus + 10,
		   "panel: diagnosis, verdict and the log's rule below the panel",
		   "the screen follows on stderr");

	screen_diagnosis("CPU 5 (APIC %#x) stopped at longmode (phase alive)", 5);
	screen_verdict(0, "not ok 1 serial", "not ok 1 cpus_online # 27/28 online");
	screen_refresh();
	diag = row_starting("CPU 5 (APIC 0x5) stopped at longmode (phase alive)");
	verdict = row_starting("not ok 1 serial ");
	unit_check(diag == cpus + 6 && verdict == cpus + 8 &&
			   attr[verdict][0] == GRID_ATTR(GRID_WHITE, GRID_RED) &&
			   row_starting("not ok 1 cpus_online") == cpus + 9,
		   "panel: the CPU and its step on one line; the failing verdict",
		   "the screen follows on stderr");
	log_top = cpus + 11;
	memcpy(frozen, text, sizeof(frozen));
}

static void frozen_while_scrolling(void)
{
	unsigned before;
	int same = 1;

	for (int i = 0; i < 200; i++)
		write_line("# ev=phase cpu=%d apic=%#x phase=alive cycles=%d", i, i, i * 7);
	screen_verdict(1, "ok 1 serial", NULL);
	screen_refresh();
	for (int r = 0; r < log_top; r++)
		same &= strcmp(text[r], frozen[r]) == 0;
	unit_check(same,
		   "scrolling: nothing above the log's rows changes; a pass after a fail "
		   "paints nothing green",
		   "the screen follows on stderr");
	unit_check(row_holding("cpu=199 ") == ROWS - 2 && row_holding("cpu=189 ") == log_top,
		   "scrolling: the log's newest lines fill the rows left",
		   "the screen follows on stderr");
	before = puts_;
	screen_refresh();
	unit_check(puts_ == before, "a redraw of an unchanged screen draws no cell", "%u puts",
		   puts_ - before);
	for (int i = 0; i < 6; i++)
		screen_diagnosis("CPU %d (APIC %#x) stopped at gdt (phase alive)", 10 + i, 10 + i);
	screen_refresh();
	unit_check(row_starting("CPU 5 (APIC 0x5)") == log_top - 5 &&
			   row_starting("and 6 more: ") == log_top - 4,
		   "diagnosis: the first line stays; the rest are counted",
		   "the screen follows on stderr");
}

static void feed256(void)
{
	panel_cpus(256);
	for (unsigned i = 0; i < 256; i++)
		panel_cpu(i, i * 2,
			  i == 0    ? CELL_BSP
			  : i == 77 ? CELL_FAILED
				    : CELL_ONLINE,
			  i == 77 ? STEP_LONGMODE : STEP_ONLINE);
}

static void feed1024(void)
{
	panel_cpus(1024);
	for (unsigned i = 0; i < 1024; i++)
		panel_cpu(i, i, i == 1000 ? CELL_FAILED : CELL_IDLE, STEP_GDT);
}

static void compact(void)
{
	int title, plus = 0;

	screen_set_feed(feed256);
	screen_refresh();
	title = row_starting("CPUs 256: 254 online 1 failed");
	for (int r = title + 1; title >= 0 && r < title + 5; r++)
		for (const char *p = text[r]; *p; p++)
			plus += *p == '+';
	unit_check(title == 2 && strstr(text[title], "key: + online") &&
			   strstr(text[title], "6 longmode") && plus == 254 &&
			   row_starting(" 64 ++++++++ +++++6++ ") == title + 2,
		   "compact: 256 CPUs in four rows of 64, a step key in the title",
		   "the screen follows on stderr");
	unit_check(row_starting("CPU 5 (APIC 0x5)") >= 0 && row_starting("not ok 1 serial") >= 0,
		   "compact: the diagnosis and verdict still show", "the screen follows on stderr");
	screen_set_feed(feed1024);
	screen_refresh();
	unit_check(row_starting("CPUs 1024: 0 online 1 failed 1023 not started") == 2 &&
			   row_starting("192 more CPUs, 1 failed") == 16,
		   "compact: what does not fit is counted, failures named",
		   "the screen follows on stderr");
}

int main(void)
{
	unit_begin();
	screen_set_mode(SCREEN_LOG);
	unit_check(screen_attach(&fake) == 0 && screen_attach(&fake) == 0, "attach",
		   "the screen follows on stderr");
	log_mode();
	panel28();
	frozen_while_scrolling();
	compact();
	unit_check(bad_puts == 0, "every cell drawn is on the grid and printable", "%u", bad_puts);
	if (unit_failed)
		show();
	return unit_done();
}
