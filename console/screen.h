/* SPDX-License-Identifier: MIT */
/*
 * The screen for a machine without a serial port (docs/screen.md): from the
 * top, a header (the case and knobs, the machine), the CPU panel
 * (console/panel.h), the diagnosis lines, the KTAP verdict, and below them
 * the log, scrolling in the rows left. It draws on whatever grid a console
 * brings (VGA text, the framebuffer), keeps its own copy of every cell and
 * only draws cells that changed.
 *
 * Everything here is set in RAM at any time; the screen is drawn only when
 * the log reaches the consoles (log_drain, at phase boundaries), so nothing
 * is drawn inside a timed window. Diagnosis lines are only ever added, and
 * a failed verdict stays: the failure is frozen on screen while the log
 * scrolls on below it.
 */
#ifndef SMPSCOPE_CONSOLE_SCREEN_H
#define SMPSCOPE_CONSOLE_SCREEN_H

#include <stddef.h>

#include "../include/knob_values.h"
#include "grid.h"

/* Larger grids are used up to this many columns and rows. */
#define SCREEN_MAX_COLS 256
#define SCREEN_MAX_ROWS 128

/* screen=: panel (the default), log (the log alone, as a plain mirror) or off. */
void screen_set_mode(enum screen_mode m);
/*
 * A console that draws character cells hands its grid over here; the first
 * one becomes the screen and is cleared (with screen=off it is left as the
 * loader left it). Returns 0 when g is the screen.
 */
int screen_attach(const struct grid *g);
/* Header line 0 (the case, the knobs given) or 1 (the machine). */
void screen_header(unsigned line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One more diagnosis line: which CPU stopped where, on one line. Never replaced. */
void screen_diagnosis(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The case has begun: the verdict rows say it is running. */
void screen_case(const char *name);
/* The case's KTAP result line, and why it failed (its first failed check) or NULL. */
void screen_verdict(int pass, const char *line, const char *why);
/* Run before each drawing at a boundary: the layer that knows the CPUs refreshes the panel. */
void screen_set_feed(void (*feed)(void));
/*
 * The log, as it reaches the consoles: it scrolls in the rows below the
 * verdict, drawn at the next screen_draw() or screen_refresh().
 */
void screen_write(const char *s, size_t n);
/* Every cell that changed is drawn (no feed): text written outside a boundary. */
void screen_draw(void);
/* At a boundary (log_drain): the feed, then every cell that changed is drawn. */
void screen_refresh(void);

#endif
