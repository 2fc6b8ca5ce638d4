/* SPDX-License-Identifier: MIT */
/* Freestanding string helpers. Named like libc's so the compiler's own
 * memcpy/memset calls land here in the image; the host build uses libc's. */
#ifndef SMPSCOPE_LIB_STRING_H
#define SMPSCOPE_LIB_STRING_H

#include <stddef.h>

#ifdef SMPSCOPE_HOST
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
#endif

/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t str_copy(char *dst, const char *src, size_t size);
/* True when s starts with prefix. */
int str_starts(const char *s, const char *prefix);

#endif
