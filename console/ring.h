/* SPDX-License-Identifier: MIT */
/*
 * The event ring: log text is stored here at the event and written to the
 * consoles later, at a phase boundary or after the case, so no timed
 * window ever waits on a 115200-baud line. When the ring is full the
 * newest text is dropped and counted, never the story so far.
 */
#ifndef SMPSCOPE_CONSOLE_RING_H
#define SMPSCOPE_CONSOLE_RING_H

#include <stddef.h>
#include <stdint.h>

/* 255 CPUs x ~40 events x ~100 bytes fits with room to spare. */
#define RING_SIZE (2u << 20)
/*
 * Until the footprint is checked the ring is a small buffer inside the
 * image; then it moves to RING_SIZE bytes placed from the memory map
 * (docs/layout.md, "Memory"). Both are powers of two.
 */
#define RING_BOOT_SIZE (64u << 10)

void ring_put(const char *s, size_t n);
/* Hands every unread byte to out, oldest first; returns how many. */
size_t ring_drain(void (*out)(const char *s, size_t n));
/* Bytes dropped since the last call, and resets the count. */
uint64_t ring_take_lost(void);
/* Moves the ring, with any unread text, to buf (size: a power of two, at least RING_BOOT_SIZE). */
void ring_move(char *buf, size_t size);

#endif
