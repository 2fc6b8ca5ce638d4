/* SPDX-License-Identifier: MIT */
/* One serial line: cleaned of what the wire added, and its key=value fields. */
#ifndef SMPSCOPE_REPORT_FIELDS_H
#define SMPSCOPE_REPORT_FIELDS_H

#include <stddef.h>

/* Drops CR, terminal escape sequences and control or non-ASCII bytes, in place; the new length. */
size_t rpt_clean_line(char *s, size_t n);

/*
 * The value of key in "k=v k=\"v w\" ...", unquoted and unescaped into out, or NULL.
 * *bad is set when a quote is never closed (the line was cut).
 */
const char *rpt_field(const char *text, const char *key, char *out, size_t size, int *bad);

#endif
