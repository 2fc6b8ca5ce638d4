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
#define CMDLINE_WORD_MAX   256
#define CMDLINE_NAME_MAX   32
/*
 * The budgets are nested so nothing is cut by a buffer: a list (every knob,
 * every case) ends in " ..." before it outgrows CMDLINE_LIST_MAX; a setter's
 * refusal is a short line and such a list; a message is the knob, the value
 * as shown (VALUE_SHOWN in lib/cmdline.c) and that refusal.
 */
#define CMDLINE_LIST_MAX  384
#define CMDLINE_REFUSAL	  (CMDLINE_LIST_MAX + 64)
#define CMDLINE_ERROR_LEN (CMDLINE_REFUSAL + CMDLINE_NAME_MAX + 96)

/*
 * A refused word's message is one short line naming the knob and value.
 * When what may be written instead is a list (the knobs, a knob's values,
 * the cases), it follows on a second line, "<what>: a, b, c": lists grow
 * with the project, so the caller prints them on lines of their own,
 * wrapped at word boundaries (cmdline_wrap), never cut.
 */
/* What kind of word was refused, for a name a test report can use. */
enum cmdline_refusal {
	CMDLINE_BAD_VALUE,    /* a knob's value: errs->knob names the knob */
	CMDLINE_UNKNOWN_KNOB, /* key=value where no knob is called key */
	CMDLINE_NOT_A_KNOB,   /* a word without '=' */
	CMDLINE_TOO_LONG,     /* a word longer than CMDLINE_WORD_MAX - 1 */
};

struct cmdline_errors {
	unsigned count;
	unsigned dropped;
	char msg[CMDLINE_MAX_ERRORS][CMDLINE_ERROR_LEN];
	/* the knob refused; "" for an unknown knob or a word that is no knob=value */
	char knob[CMDLINE_MAX_ERRORS][CMDLINE_NAME_MAX];
	enum cmdline_refusal kind[CMDLINE_MAX_ERRORS];
};

struct knob;
/*
 * Stores val into cfg; on a bad value writes why into err (a message, then
 * "\n" and a list when there is one) and returns -1.
 */
typedef int (*knob_set_fn)(const struct knob *k, const char *val, void *cfg, char *err,
			   size_t errlen);

struct knob {
	const char *name;
	knob_set_fn set;
	const char *const *values; /* enum knobs: the names, NULL-terminated (include/) */
	const char *grammar;	   /* text knobs: what may be written, for the user */
	uint64_t min, max;	   /* uint knobs */
	size_t offset;		   /* where the value lives in the config */
	const char *def;	   /* default, as command-line text; NULL: none */
	const char *help;
};

/* Generic setters: an enum stored as an int index into values, a number as uint64_t. */
int knob_set_enum(const struct knob *k, const char *val, void *cfg, char *err, size_t errlen);
int knob_set_uint(const struct knob *k, const char *val, void *cfg, char *err, size_t errlen);
/* "enum", "uint" or "text": how a knob's value is read (build/names.json says so too). */
const char *knob_kind(const struct knob *k);
/* The name of an enum knob's value in cfg, or "?" when it holds none of them. */
const char *knob_value_name(const struct knob *k, const void *cfg);
/*
 * Appends item to the list in buf (o bytes long), with ", " between items;
 * an item that does not fit is not cut, " ..." ends the list instead.
 * Returns the new length, or size once the list is full.
 */
size_t knob_list_add(char *buf, size_t size, size_t o, const char *item);
/* Writes "a, b, c" from a NULL-terminated name list. */
void knob_enum_list(const char *const *values, char *buf, size_t size);
/*
 * How much of s goes on a line of width columns: up to the last space that
 * keeps it within width, or the first word whole when that alone is wider.
 */
size_t cmdline_wrap(const char *s, size_t width);

void cmdline_error(struct cmdline_errors *errs, enum cmdline_refusal kind, const char *knob,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

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
