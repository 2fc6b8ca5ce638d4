/* SPDX-License-Identifier: MIT */
/*
 * The event ring: log text is stored here at the event and written to the
 * consoles later, at a phase boundary or after the case, so no timed
 * window ever waits on a 115200-baud line. When the ring is full the
 * newest text is dropped and counted, never the story so far.
 *
 * Writers take a lock; the drain does not, so it works whoever holds it.
 * It hands the text out a line at a time, so a drain nested in it (an NMI
 * or exception handler's) repeats at most the one line it cut, and never
 * moves the tail back (console/ring.c).
 * A writer that cannot take the lock (an exception or NMI handler that may
 * have interrupted the holder, or a wait past lib/lock.h's bound) puts its
 * text in a small second ring instead, drained after the first; from then
 * on every line goes there, so the order holds. That text does not reach
 * lastlog: the interrupted holder may have been inside lastlog_put().
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
 * (docs/layout.md, "Memory").
 */
#define RING_BOOT_SIZE (64u << 10)
/* The text that went around the lock: an exception report is a few hundred bytes. */
#define RING_AROUND_SIZE (64u << 10)
/*
 * Tries at the lock in an exception handler: a holder on another CPU lets go
 * within a line's copy (microseconds); one this CPU interrupted never does.
 */
#define RING_NO_WAIT_LOOKS 1000

struct ring_around {
	uint64_t bytes;	   /* text that went around the lock */
	uint32_t timeouts; /* waits for the lock that passed their bound: a bug */
};

void ring_put(const char *s, size_t n);
/*
 * Hands every unread byte to out, oldest first, a line a call; returns how
 * many. Takes no lock. Nested in another drain on the same CPU, it first
 * ends the line that one was writing with a newline, then writes that line
 * again whole.
 */
size_t ring_drain(void (*out)(const char *s, size_t n));
/* Bytes dropped since the last call, and resets the count. */
uint64_t ring_take_lost(void);
/* Moves the ring, with any unread text, to buf (size at least RING_BOOT_SIZE). */
void ring_move(char *buf, size_t size);
/* What went around the lock since the last call, and resets it. */
void ring_take_around(struct ring_around *a);
/* From now on writers try the lock RING_NO_WAIT_LOOKS times only (an exception handler runs). */
void ring_no_wait(void);
/* Calls fn with the lock held (fault=bsp-nmi); -1 if the lock could not be taken. */
int ring_call_locked(void (*fn)(void));

#endif
