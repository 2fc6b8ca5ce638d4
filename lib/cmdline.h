/* SPDX-License-Identifier: MIT */
/*
 * The command-line parser. It knows nothing of smpscope's knobs: it walks
 * `key=value` words and hands each to the knob of that name in a table.
 * A bad word never aborts the walk: every error is collected, so one run
 * reports all of them.
 */
#ifndef SMPSCOPE_LIB_CMDLINE_H
#define SMPSCOPE_LIB_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

#define CMDLINE_MAX_ERRORS 8
#define CMDLINE_ERROR_LEN  448
#define CMDLINE_WORD_MAX   256

struct cmdline_errors {
	unsigned count;
	unsigned dropped;
	char msg[CMDLINE_MAX_ERRORS][CMDLINE_ERROR_LEN];
};

struct knob;
/* Stores val into cfg; on a bad value writes why into err and returns -1. */
typedef int (*knob_set_fn)(const struct knob *k, const char *val, void *cfg, char *err,
			   size_t errlen);

struct knob {
	const char *name;
	knob_set_fn set;
	const char *allowed; /* enum: "a|b|c"; other types: a human description */
	uint64_t min, max;   /* uint knobs */
	size_t offset;	     /* where the value lives in the config */
	const char *def;     /* default, as command-line text; NULL: none */
	const char *help;
};

/* Generic setters: an enum stored as an int index into allowed, a number as uint64_t. */
int knob_set_enum(const struct knob *k, const char *val, void *cfg, char *err, size_t errlen);
int knob_set_uint(const struct knob *k, const char *val, void *cfg, char *err, size_t errlen);
/* Writes "a, b, c" from an enum's "a|b|c". */
void knob_enum_list(const char *allowed, char *buf, size_t size);

void cmdline_error(struct cmdline_errors *errs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Applies every knob's default. */
void cmdline_defaults(const struct knob *table, size_t n, void *cfg, struct cmdline_errors *errs);
/*
 * Applies every `key=value` word of line. A first word without '=' is the
 * loader's file name (QEMU and GRUB put it there) and is skipped. Returns
 * the number of errors added.
 */
unsigned cmdline_apply(const struct knob *table, size_t n, void *cfg, const char *line,
		       struct cmdline_errors *errs);
/* Copies the value of the last `key=` word into val; returns 0 if found. */
int cmdline_find(const char *line, const char *key, char *val, size_t size);
/* Reads a decimal or 0x-hex number; returns 0 on success. */
int parse_u64(const char *s, uint64_t *out);

#endif
