/* SPDX-License-Identifier: MIT */
/* The VGA text screen at 0xB8000 (80x25), a mirror of the log for machines without serial. */
#ifndef SMPSCOPE_CONSOLE_VGA_H
#define SMPSCOPE_CONSOLE_VGA_H

#include <stddef.h>

void vga_init(void);
void vga_write(const char *s, size_t n);

#endif
