/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting without libc: %d %i %u %x %X %o %c %s %p %%,
 * flags - 0 # and space, width and precision (also *), lengths hh h l ll z.
 */
#ifndef SMPSCOPE_LIB_FMT_H
#define SMPSCOPE_LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_sink)(void *ctx, char c);

size_t fmt_v(fmt_sink put, void *ctx, const char *fmt, va_list ap);
/* Like snprintf: always terminates, returns the length it wanted. */
size_t fmt_buf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
size_t fmt_vbuf(char *buf, size_t size, const char *fmt, va_list ap);
/*
 * Writes s as a log value: as it is when it is a plain word, else in double
 * quotes with \" \\ and \xNN escapes, so one value never spans lines or words.
 */
size_t fmt_quote(char *buf, size_t size, const char *s);

#endif
