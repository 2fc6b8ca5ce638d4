/* SPDX-License-Identifier: MIT */
#include "cmdline.h"

#include <stdarg.h>

#include "fmt.h"
#include "string.h"

void cmdline_error(struct cmdline_errors *errs, const char *fmt, ...)
{
	va_list ap;

	if (errs->count >= CMDLINE_MAX_ERRORS) {
		errs->dropped++;
		return;
	}
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

void knob_enum_list(const char *allowed, char *buf, size_t size)
{
	size_t o = 0;

	for (const char *p = allowed; *p && o + 3 < size; p++) {
		if (*p == '|') {
			buf[o++] = ',';
			buf[o++] = ' ';
		} else {
			buf[o++] = *p;
		}
	}
	if (size)
		buf[o < size ? o : size - 1] = '\0';
}

int knob_set_enum(const struct knob *k, const char *val, void *cfg, char *err, size_t errlen)
{
	size_t vlen = strlen(val);
	const char *p = k->allowed;
	char list[160];

	for (int idx = 0; *p; idx++) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == vlen && strncmp(p, val, len) == 0) {
			*(int *)((char *)cfg + k->offset) = idx;
			return 0;
		}
		if (!end)
			break;
		p = end + 1;
	}
	knob_enum_list(k->allowed, list, sizeof(list));
	fmt_buf(err, errlen, "unknown value; allowed: %s", list);
	return -1;
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

static void set_one(const struct knob *k, const char *val, void *cfg, struct cmdline_errors *errs)
{
	char why[160];

	why[0] = '\0';
	if (k->set(k, val, cfg, why, sizeof(why)))
		cmdline_error(errs, "%s=%s: %s", k->name, val, why);
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
			cmdline_error(errs, "a word longer than %d characters: %.40s...",
				      CMDLINE_WORD_MAX - 1, word);
		} else if (!eq) {
			if (!first)
				cmdline_error(errs,
					      "'%s' has no value; knobs are written key=value",
					      word);
		} else if (!(k = find_knob(table, n, word, (size_t)(eq - word)))) {
			char names[CMDLINE_ERROR_LEN - 64];
			size_t o = 0;

			for (size_t i = 0; i < n && o + 1 < sizeof(names); i++)
				o += fmt_buf(names + o, sizeof(names) - o, "%s%s", i ? ", " : "",
					     table[i].name);
			/* A long name is shown by its start: the list of knobs must fit. */
			int len = (int)(eq - word);

			cmdline_error(errs, "unknown knob '%.*s%s'; knobs: %s", len > 40 ? 40 : len,
				      word, len > 40 ? "..." : "", names);
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
