/* SPDX-License-Identifier: MIT */
/*
 * The log scrolling on the framebuffer's cells, as the VGA text mirror
 * scrolls it under BIOS: the console=fb of docs/knobs.md.
 */
#ifndef SMPSCOPE_CONSOLE_FBCON_H
#define SMPSCOPE_CONSOLE_FBCON_H

#include <stddef.h>

/* Starts on a blank screen; a no-op without a framebuffer (fb_grid() NULL). */
void fbcon_init(void);
void fbcon_write(const char *s, size_t n);

#endif
