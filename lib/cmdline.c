/* SPDX-License-Identifier: MIT */
#include "cmdline.h"

#include <stdarg.h>

#include "fmt.h"
#include "string.h"

void cmdline_error(struct cmdline_errors *errs, enum cmdline_refusal kind, const char *knob,
		   const char *fmt, ...)
{
	va_list ap;

	if (errs->count >= CMDLINE_MAX_ERRORS) {
		errs->dropped++;
		return;
	}
	errs->kind[errs->count] = kind;
	str_copy(errs->knob[errs->count], knob, CMDLINE_NAME_MAX);
	va_start(ap, fmt);
	fmt_vbuf(errs->msg[errs->count++], CMDLINE_ERROR_LEN, fmt, ap);
	va_end(ap);
}

int parse_u64(const char *s, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

size_t knob_list_add(char *buf, size_t size, size_t o, const char *item)
{
	const char *sep = o ? ", " : "";
	size_t need = strlen(sep) + strlen(item);

	if (o >= size)
		return size; /* full: the list already ends in " ..." */
	if (o + need < size)
		return o + fmt_buf(buf + o, size - o, "%s%s", sep, item);
	/* Whole items make room for the marker, from the end. */
	while (o > 0 && o + 5 > size) {
		do
			o--;
		while (o > 0 && !(buf[o] == ',' && buf[o + 1] == ' '));
	}
	if (o + 5 <= size)
		fmt_buf(buf + o, size - o, " ...");
	return size;
}

void knob_enum_list(const char *const *values, char *buf, size_t size)
{
	size_t o = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; values[i]; i++)
		o = knob_list_add(buf, size, o, values[i]);
}

const char *knob_kind(const struct knob *k)
{
	if (k->values)
		return "enum";
	return k->set == knob_set_uint ? "uint" : "text";
}

const char *knob_value_name(const struct knob *k, const void *cfg)
{
	int idx = *(const int *)((const char *)cfg + k->offset);

	for (int i = 0; k->values[i]; i++)
		if (i == idx)
			return k->values[i];
	return "?";
}

int knob_set_enum(const struct knob *k, const char *val, void *cfg, char *err, size_t errlen)
{
	char list[CMDLINE_LIST_MAX];

	for (int idx = 0; k->values[idx]; idx++) {
		if (strcmp(k->values[idx], val) == 0) {
			*(int *)((char *)cfg + k->offset) = idx;
			return 0;
		}
	}
	knob_enum_list(k->values, list, sizeof(list));
	fmt_buf(err, errlen, "unknown value\nallowed: %s", list);
	return -1;
}

size_t cmdline_wrap(const char *s, size_t width)
{
	size_t len = strlen(s), fit = 0;

	if (len <= width)
		return len;
	for (size_t i = 1; i <= width; i++)
		if (s[i] == ' ')
			fit = i;
	if (fit)
		return fit;
	/* One word wider than the line: it goes whole, on a line of its own. */
	while (s[fit] && s[fit] != ' ')
		fit++;
	return fit;
}

int knob_set_uint(const struct knob *k, const char *val, void *cfg, char *err, size_t errlen)
{
	uint64_t v;

	if (parse_u64(val, &v) || v < k->min || v > k->max) {
		fmt_buf(err, errlen, "%s; allowed: a number from %llu to %llu",
			parse_u64(val, &v) ? "not a number" : "out of range",
			(unsigned long long)k->min, (unsigned long long)k->max);
		return -1;
	}
	*(uint64_t *)((char *)cfg + k->offset) = v;
	return 0;
}

/* Reads one word starting at *pos into word; quotes group, and are dropped. */
static int next_word(const char **pos, char *word, size_t size, int *too_long)
{
	const char *p = *pos;
	size_t n = 0;
	int quoted = 0;

	*too_long = 0;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (!*p)
		return 0;
	for (; *p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')); p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (n + 1 < size)
			word[n++] = *p;
		else
			*too_long = 1;
	}
	word[n] = '\0';
	*pos = p;
	return 1;
}

static const struct knob *find_knob(const struct knob *table, size_t n, const char *name,
				    size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(table[i].name) == len && strncmp(table[i].name, name, len) == 0)
			return &table[i];
	return NULL;
}

/* A value is shown by its start: the message around it must fit whole. */
#define VALUE_SHOWN 64

static void set_one(const struct knob *k, const char *val, void *cfg, struct cmdline_errors *errs)
{
	char why[CMDLINE_REFUSAL];
	int len = (int)strlen(val);

	why[0] = '\0';
	if (k->set(k, val, cfg, why, sizeof(why)))
		cmdline_error(errs, CMDLINE_BAD_VALUE, k->name, "%s=%.*s%s: %s", k->name,
			      len > VALUE_SHOWN ? VALUE_SHOWN : len, val,
			      len > VALUE_SHOWN ? "..." : "", why);
}

void cmdline_defaults(const struct knob *table, size_t n, void *cfg, struct cmdline_errors *errs)
{
	for (size_t i = 0; i < n; i++)
		if (table[i].def)
			set_one(&table[i], table[i].def, cfg, errs);
}

unsigned cmdline_apply(const struct knob *table, size_t n, void *cfg, const char *line,
		       struct cmdline_errors *errs)
{
	unsigned before = errs->count + errs->dropped;
	char word[CMDLINE_WORD_MAX];
	const char *pos = line;
	int first = 1, too_long;

	while (next_word(&pos, word, sizeof(word), &too_long)) {
		const char *eq = strchr(word, '=');
		const struct knob *k;

		if (too_long) {
			cmdline_error(errs, CMDLINE_TOO_LONG, "",
				      "a word longer than %d characters: %.40s...",
				      CMDLINE_WORD_MAX - 1, word);
		} else if (!eq) {
			if (!first)
				cmdline_error(errs, CMDLINE_NOT_A_KNOB, "",
					      "'%.*s' has no value; knobs are written key=value",
					      VALUE_SHOWN, word);
		} else if (!(k = find_knob(table, n, word, (size_t)(eq - word)))) {
			char names[CMDLINE_LIST_MAX];
			size_t o = 0;
			/* A long name is shown by its start: the list of knobs must fit. */
			int len = (int)(eq - word);

			names[0] = '\0';
			for (size_t i = 0; i < n; i++)
				o = knob_list_add(names, sizeof(names), o, table[i].name);
			cmdline_error(errs, CMDLINE_UNKNOWN_KNOB, "",
				      "unknown knob '%.*s%s'\nknobs: %s", len > 40 ? 40 : len, word,
				      len > 40 ? "..." : "", names);
		} else {
			set_one(k, eq + 1, cfg, errs);
		}
		first = 0;
	}
	return errs->count + errs->dropped - before;
}

int cmdline_find(const char *line, const char *key, char *val, size_t size)
{
	char word[CMDLINE_WORD_MAX];
	size_t klen = strlen(key);
	const char *pos = line;
	int found = -1, too_long;

	while (next_word(&pos, word, sizeof(word), &too_long)) {
		if (!too_long && strncmp(word, key, klen) == 0 && word[klen] == '=') {
			str_copy(val, word + klen + 1, size);
			found = 0;
		}
	}
	return found;
}
