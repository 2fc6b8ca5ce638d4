/* SPDX-License-Identifier: MIT */
/*
 * LAVA writes each log line with PyYAML's double-quoted style (lava_common's
 * dump(): default_style='"', one line however long), so the message is a YAML
 * double-quoted scalar: backslash escapes, \xXX, \uXXXX, \UXXXXXXXX and YAML's
 * own \e, \N, \_, \L, \P. Bytes past ASCII become '?': the serial log is
 * ASCII (docs/log-format.md), and the reader drops such bytes anyway.
 */
#include <stdlib.h>
#include <string.h>

#include "lava.h"

#define MAPPING "{\"dt\": "

/* The start of a line's mapping, after the list's "- " on the server; NULL if none. */
static const char *mapping(const char *p, const char *end)
{
	if (end - p >= 2 && p[0] == '-' && p[1] == ' ')
		p += 2;
	return (size_t)(end - p) >= strlen(MAPPING) && !memcmp(p, MAPPING, strlen(MAPPING)) ? p
											    : NULL;
}

/* Where the value of the mapping's key starts, or NULL: a key begins after "{" or ", ". */
static const char *value_of(const char *p, const char *end, const char *key)
{
	size_t k = strlen(key);

	for (const char *q = p; q && q + k <= end; q = memchr(q + 1, '"', (size_t)(end - q - 1))) {
		if ((size_t)(end - q) < k || memcmp(q, key, k))
			continue;
		if (q > p && q[-1] != '{' && !(q - p >= 2 && q[-1] == ' ' && q[-2] == ','))
			continue;
		return q + k;
	}
	return NULL;
}

static int hex(const char *p, const char *end, int digits, unsigned long *v)
{
	*v = 0;
	if (end - p < digits)
		return -1;
	for (int i = 0; i < digits; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;

		if (d < 0)
			return -1;
		*v = *v * 16 + (unsigned long)d;
	}
	return 0;
}

/* The character an escape stands for (after the backslash at *pp), advancing *pp past it. */
static char unescape(const char **pp, const char *end)
{
	static const char simple[] = "0\0a\ab\bt\tn\nv\vf\fr\re\x1b \040\"\"//\\\\";
	const char *p = *pp;
	char c = p < end ? *p : '\0';
	unsigned long v;
	int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;

	*pp = p + 1;
	if (digits) {
		if (hex(p + 1, end, digits, &v))
			return '?';
		*pp = p + 1 + digits;
		return v < 0x80 ? (char)v : '?';
	}
	for (size_t i = 0; i + 1 < sizeof(simple); i += 2)
		if (simple[i] == c)
			return simple[i + 1];
	return '?'; /* \N, \_, \L, \P: past ASCII */
}

/*
 * Appends the double-quoted scalar at p (after its opening quote) to out, up to its closing
 * quote or, in a line LAVA cut short, its end; returns where out ends.
 */
static char *scalar(const char *p, const char *end, char *out)
{
	while (p < end && *p != '"') {
		if (*p == '\\' && p + 1 < end) {
			p++;
			*out++ = unescape(&p, end);
		} else {
			*out++ = (unsigned char)*p < 0x80 ? *p : '?';
			p++;
		}
	}
	return out;
}

/*
 * The console's lines: `target`, and `feedback`, what the device printed while the dispatcher
 * was not reading for an action (after the test monitor matched its end, ev=exit comes so).
 */
static int is_level(const char *v, const char *end, const char *level)
{
	size_t n = strlen(level);

	return (size_t)(end - v) >= n && !memcmp(v, level, n);
}

char *rpt_lava_console(const char *text, size_t len, size_t *out_len)
{
	const char *p = text, *end = text + len;
	char *out, *o;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (p >= end || !mapping(p, end))
		return NULL;
	/* The console is never longer than the log that holds it. */
	o = out = malloc(len + 1);
	if (!out)
		return NULL;
	for (; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
		const char *m = mapping(p, eol), *lvl, *msg;

		lvl = m ? value_of(m, eol, "\"lvl\": ") : NULL;
		if (lvl &&
		    (is_level(lvl, eol, "\"target\"") || is_level(lvl, eol, "\"feedback\"")) &&
		    (msg = value_of(m, eol, "\"msg\": \"")) != NULL) {
			/* Each message is shorter than its line, so out never outgrows the text. */
			o = scalar(msg, eol, o);
			*o++ = '\n';
		}
		p = eol + 1;
	}
	*o = '\0';
	*out_len = (size_t)(o - out);
	return out;
}
