/* SPDX-License-Identifier: MIT */
/*
 * Writing the log. Lines go into the event ring at once and reach the
 * consoles only at log_drain(): callers drain at phase boundaries, never
 * inside a timed window.
 */
#ifndef SMPSCOPE_CONSOLE_LOG_H
#define SMPSCOPE_CONSOLE_LOG_H

#include "../include/events.h"

#define LOG_LINE_MAX 512

void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One `# ev=<name> ...` diagnostic line; fmt holds the key=value pairs. */
void ev(enum ev_id id, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes everything in the ring to the consoles. */
void log_drain(void);
/*
 * An exception or NMI handler is running and may have interrupted a writer:
 * from now on the log never waits for the ring's lock (console/ring.h).
 */
void log_from_exception(void);
/* Calls fn while holding the ring's lock (fault=bsp-nmi); -1 if it could not be taken. */
int log_call_locked(void (*fn)(void));

#endif
