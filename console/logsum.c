/* SPDX-License-Identifier: MIT */
#include "logsum.h"

#include "../lib/fmt.h"
#include "../lib/string.h"

/* The value of key= in the line [l, end), copied into v; 0 when the line has none. */
static int field(const char *l, const char *end, const char *key, char *v, size_t n)
{
	size_t k = strlen(key);

	for (const char *p = l; p + k < end; p++) {
		size_t i = 0;

		if ((p != l && p[-1] != ' ') || memcmp(p, key, k) != 0 || p[k] != '=')
			continue;
		p += k + 1;
		while (p + i < end && p[i] != ' ' && p[i] != '\r' && i + 1 < n) {
			v[i] = p[i];
			i++;
		}
		v[i] = '\0';
		return 1;
	}
	return 0;
}

static int starts(const char *l, const char *end, const char *prefix)
{
	size_t k = strlen(prefix);

	return (size_t)(end - l) >= k && memcmp(l, prefix, k) == 0;
}

/* The first failure a line names, in words: an AP's timeout or exception, or a failed check. */
static void failure_of(const char *l, const char *end, struct log_summary *s, int *have)
{
	char cpu[16], step[24], vec[8], name[48];

	if (*have)
		return;
	if (starts(l, end, "# ev=timeout ") && field(l, end, "cpu", cpu, sizeof(cpu)) &&
	    field(l, end, "step", step, sizeof(step))) {
		fmt_buf(s->failure, sizeof(s->failure), "CPU %s stopped at %s", cpu, step);
		*have = 1;
	} else if (starts(l, end, "# ev=exception ") && field(l, end, "cpu", cpu, sizeof(cpu)) &&
		   field(l, end, "vector", vec, sizeof(vec)) &&
		   field(l, end, "step", step, sizeof(step))) {
		fmt_buf(s->failure, sizeof(s->failure), "CPU %s took exception %s at %s", cpu, vec,
			step);
		*have = 1;
	} else {
		while (l < end && *l == ' ')
			l++;
		if (!starts(l, end, "not ok "))
			return;
		l += 7;
		while (l < end && *l >= '0' && *l <= '9')
			l++;
		while (l < end && *l == ' ')
			l++;
		size_t i = 0;
		while (l + i < end && l[i] != ' ' && l[i] != '\r' && i + 1 < sizeof(name)) {
			name[i] = l[i];
			i++;
		}
		name[i] = '\0';
		fmt_buf(s->failure, sizeof(s->failure), "%s not ok", name);
		*have = 1;
	}
}

void log_summarize(const char *text, uint32_t len, struct log_summary *s)
{
	const char *end = text + len;
	int verdicts = 0, failed = 0, have_failure = 0;
	char last_ev[24] = "";

	str_copy(s->case_name, "unknown", sizeof(s->case_name));
	str_copy(s->failure, "none", sizeof(s->failure));
	for (const char *l = text; l < end;) {
		const char *e = l;

		while (e < end && *e != '\n')
			e++;
		if (starts(l, e, "# ev=knobs ") && !strcmp(s->case_name, "unknown"))
			field(l, e, "case", s->case_name, sizeof(s->case_name));
		if (starts(l, e, "# ev="))
			field(l, e, "ev", last_ev, sizeof(last_ev));
		/* Top-level results stand at column 0; the checks under them are indented. */
		if (starts(l, e, "ok ") || starts(l, e, "not ok ")) {
			verdicts++;
			failed |= *l == 'n';
		}
		failure_of(l, e, s, &have_failure);
		l = e + 1;
	}
	str_copy(s->verdict,
		 !verdicts ? "no verdict"
		 : failed  ? "not ok"
			   : "ok",
		 sizeof(s->verdict));
	if (!verdicts && !have_failure && last_ev[0])
		fmt_buf(s->failure, sizeof(s->failure), "it ends after ev=%s", last_ev);
}
