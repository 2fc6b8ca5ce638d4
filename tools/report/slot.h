/* SPDX-License-Identifier: MIT */
/*
 * Log slot files from the stick (include/stick.h, docs/report.md "Slots"):
 * a header sector, the log, zero padding. Every command reads a slot's log
 * as any other; `slots DIR` lists a folder of them in the order they were
 * saved.
 */
#ifndef SMPSCOPE_REPORT_SLOT_H
#define SMPSCOPE_REPORT_SLOT_H

#include <stddef.h>
#include <stdio.h>

/*
 * The log inside buf: the text after a slot's header, or buf itself when it
 * is no slot. A slot whose header or text fails its checksum, and a slot
 * never written, give no text; why says which (NULL: nothing to say).
 */
void rpt_slot_text(const char *buf, size_t len, const char **text, size_t *tlen, const char **why);
/* `slots DIR`: one row per saved log, oldest first. Returns the exit status. */
int print_slots(FILE *out, const char *dir);

#endif
