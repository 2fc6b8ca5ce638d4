/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <string.h>

#include "fields.h"

size_t rpt_clean_line(char *s, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x1b) {
			/* ESC [ params letter, or ESC and one more byte. */
			if (i + 1 < n && s[i + 1] == '[') {
				i += 2;
				while (i < n && !isalpha((unsigned char)s[i]))
					i++;
			} else {
				i++;
			}
			continue;
		}
		if (c == '\t' || (c >= 0x20 && c < 0x7f))
			s[o++] = (char)c;
	}
	s[o] = '\0';
	return o;
}

const char *rpt_field(const char *text, const char *key, char *out, size_t size, int *bad)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (*p) {
		const char *start;

		while (*p == ' ')
			p++;
		start = p;
		while (*p && *p != '=' && *p != ' ')
			p++;
		if (*p != '=') {
			while (*p && *p != ' ')
				p++;
			continue;
		}
		p++;
		if ((size_t)(p - 1 - start) == klen && !strncmp(start, key, klen)) {
			size_t o = 0;

			if (*p == '"') {
				for (p++; *p && *p != '"'; p++) {
					if (*p == '\\' && p[1])
						p++;
					if (o + 1 < size)
						out[o++] = *p;
				}
				if (*p != '"')
					*bad = 1; /* a quote never closed: the line was cut */
			} else {
				while (*p && *p != ' ' && o + 1 < size)
					out[o++] = *p++;
			}
			out[o] = '\0';
			return out;
		}
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (*p)
				p++;
		} else {
			while (*p && *p != ' ')
				p++;
		}
	}
	return NULL;
}
