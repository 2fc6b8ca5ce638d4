/* SPDX-License-Identifier: MIT */
/*
 * The CPU panel of the screen (docs/screen.md): one cell per CPU with its
 * APIC ID, its last step and a colour for its state. Up to what fits, a cell
 * is wide ("05 longmode"); beyond, one character a CPU in a compact grid.
 * The setters only write RAM; console/screen.c draws the panel.
 */
#ifndef SMPSCOPE_CONSOLE_PANEL_H
#define SMPSCOPE_CONSOLE_PANEL_H

#include <stdint.h>

#include "../include/events.h"
#include "grid.h"

#define PANEL_MAX_CPUS 1024

enum cell_state {
	CELL_IDLE,    /* not kicked yet */
	CELL_WAITING, /* kicked, the BSP waits for it */
	CELL_ONLINE,
	CELL_FAILED, /* the BSP gave up on it, or it took an exception */
	CELL_BSP,
	CELL_OFF, /* left out (maxcpus) */
	CELL_STATES
};

/* How many CPUs the panel has (the CPU table's slots, the BSP first); 0: no panel. */
void panel_cpus(unsigned n);
void panel_cpu(unsigned i, uint32_t apic, enum cell_state state, enum step_id step);

/* For console/screen.c: the rows the panel takes (title included), at most max_rows. */
unsigned panel_height(unsigned cols, unsigned max_rows);
/* Draws the panel in rows top .. top + height - 1 through put. */
void panel_draw(unsigned top, unsigned height, unsigned cols,
		void (*put)(unsigned col, unsigned row, char ch, uint8_t attr));

#endif
