/* SPDX-License-Identifier: MIT */
/* The VGA text screen at 0xB8000 (80x25) as a grid of cells (console/grid.h). */
#ifndef SMPSCOPE_CONSOLE_VGA_H
#define SMPSCOPE_CONSOLE_VGA_H

#include "grid.h"

/*
 * The text screen's grid. It writes nothing by itself: the screen layer
 * (console/screen.h) clears and draws it, and is the only one that does.
 */
const struct grid *vga_grid(void);

#endif
