/* SPDX-License-Identifier: MIT */
/*
 * Reading a serial log as it comes off a real line: CRLF, terminal escapes,
 * a capture tool's fixed-width prefix, noise bytes, lines cut by a reset,
 * several boots in one file. What cannot be read is named with its line.
 * This file finds the lines and splits them into boots and rungs; what an
 * event line means is meanings.c's table, a KTAP result results.c's.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/events.h"
#include "fields.h"
#include "lava.h"
#include "line.h"
#include "meanings.h"
#include "model.h"
#include "results.h"
#include "slot.h"

#define LINE_MAX_LEN 4096
/* What case=lastlog puts before each line of the log an earlier boot kept (cases/lastlog.c). */
#define LASTLOG_PREFIX "# lastlog: "
/* What starts every event line (docs/log-format.md). */
#define EV_PREFIX "# ev="

/*
 * A capture tool's prefix has the same width on every line: the header's
 * column, unless the plan line after it starts further left, in which case
 * what stood before the header was the tail of a line a reset cut short.
 */
static int find_prefix(char **lines, int n)
{
	for (int i = 0; i < n; i++) {
		const char *k = strstr(lines[i], "KTAP version 1"), *plan;
		int col;

		if (!k || strcmp(k, "KTAP version 1"))
			continue;
		col = (int)(k - lines[i]);
		plan = i + 1 < n ? strstr(lines[i + 1], "1..") : NULL;
		if (plan && plan - lines[i + 1] < col && isdigit((unsigned char)plan[3]))
			return (int)(plan - lines[i + 1]);
		return col;
	}
	return 0;
}

/*
 * "KTAP version 1" alone starts a boot; indented, it opens a subtest. After a reset on a
 * machine whose firmware prints nothing (qboot) it also ends the line the reset cut short.
 */
static int starts_boot(const char *s)
{
	static const char hdr[] = "KTAP version 1";
	size_t n = strlen(s), h = sizeof(hdr) - 1;

	if (n < h || strcmp(s + n - h, hdr))
		return 0;
	return n == h || strspn(s, " ") < n - h;
}

static struct rpt_boot *new_boot(struct rpt_log *log, int line, int boot_no)
{
	struct rpt_boot *b;

	if (log->nboots == log->cap) {
		int cap = log->cap ? log->cap * 2 : 4;
		struct rpt_boot *nb = realloc(log->boots, sizeof(*nb) * (size_t)cap);

		if (!nb)
			return NULL;
		log->boots = nb;
		log->cap = cap;
	}
	b = &log->boots[log->nboots++];
	memset(b, 0, sizeof(*b));
	b->first_line = line;
	b->boot_no = boot_no;
	b->run.result = -1;
	return b;
}

/*
 * case=all: an ev=rung line after a rung already began starts the next
 * rung's record, in the same boot. The first rung keeps the record the
 * boot opened with (its ev=boot, ev=tsc and the ladder's ev=knobs).
 */
static int next_rung(struct rpt_log *log, int cur, int line)
{
	struct rpt_boot *b = &log->boots[cur], *n;

	if (!b->rung && b->run.result < 0)
		return cur;
	n = new_boot(log, line, log->boots[cur].boot_no);
	if (!n)
		return -1;
	b = &log->boots[cur]; /* new_boot may have moved the array */
	n->from_lastlog = b->from_lastlog;
	n->run.tsc_hz = b->run.tsc_hz;
	n->machine = b->machine;
	memcpy(n->boot_case, b->boot_case, sizeof(n->boot_case));
	return log->nboots - 1;
}

/* The exit line ends a boot: each of its rungs gets its verdict. */
static void share_exits(struct rpt_log *log)
{
	/* A boot's rungs are records next to each other: a lastlog dump is never inside one. */
	for (int i = 0; i < log->nboots; i++)
		for (int j = i + 1; j < log->nboots && !log->boots[i].exit_line &&
				    log->boots[j].boot_no == log->boots[i].boot_no;
		     j++)
			if (log->boots[j].exit_line) {
				memcpy(log->boots[i].exit_result, log->boots[j].exit_result,
				       sizeof(log->boots[i].exit_result));
				log->boots[i].exit_line = log->boots[j].exit_line;
			}
}

/* s is an `# ev=<ev's name>` line with fields after the name. */
static int is_event(const char *s, int ev)
{
	size_t n = strlen(ev_names[ev]);

	return !strncmp(s, EV_PREFIX, strlen(EV_PREFIX)) &&
	       !strncmp(s + strlen(EV_PREFIX), ev_names[ev], n) && s[strlen(EV_PREFIX) + n] == ' ';
}

/* One line of a boot's log: an event, a result, or nothing we read. */
static void parse_line(struct rpt_line *c, struct rpt_boot *b, const char *s)
{
	int indent = strspn(s, " ");

	if (!strncmp(s, EV_PREFIX, strlen(EV_PREFIX))) {
		const char *at = s + strlen(EV_PREFIX);
		char name[32];

		c->rest = at + strcspn(at, " ");
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(at, " "), at);
		if (!name[0] ||
		    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(name)) {
			rpt_problem(c, "garbled event name '%s'", name);
			return;
		}
		rpt_on_event(c, b, name);
		if (c->bad)
			rpt_problem(c, "ev=%s: a quoted value is not closed (line cut?)", name);
	} else if (!strncmp(s + indent, "ok ", 3) || !strncmp(s + indent, "not ok ", 7)) {
		rpt_on_result(c, b, s + indent, indent);
	}
}

static int parse_console(const char *text, size_t len, struct rpt_log *log)
{
	char *copy = malloc(len + 1), **lines;
	int n = 0, cap = 1024, rc = 0, slots_left = LOG_MAX_CPU_SLOTS, boots = 0;
	int cur[2] = { -1, -1 }; /* the boot each stream is in: the log's own, a lastlog dump */

	memset(log, 0, sizeof(*log));
	lines = malloc(sizeof(*lines) * (size_t)cap);
	if (!copy || !lines) {
		free(copy);
		free(lines);
		return -1;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	for (char *p = copy, *end = copy + len; p <= end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n == cap) {
			char **more = realloc(lines, sizeof(*lines) * (size_t)(cap *= 2));

			if (!more) {
				rc = -1;
				break;
			}
			lines = more;
		}
		p[l] = '\0';
		if (l > LINE_MAX_LEN)
			p[LINE_MAX_LEN] = '\0', l = LINE_MAX_LEN;
		rpt_clean_line(p, l);
		lines[n++] = p;
		if (!nl)
			break;
		p = nl + 1;
	}
	log->prefix = find_prefix(lines, n);
	log->nlines = n;
	for (int i = 0; i < n && rc == 0; i++) {
		const char *s = lines[i];
		struct rpt_line c = { log, i + 1, NULL, 0, &slots_left };
		int stream;

		if ((int)strlen(s) < log->prefix)
			continue;
		s += log->prefix;
		/* A lastlog dump is an earlier boot's log behind a prefix: a stream of its own. */
		stream = !strncmp(s, LASTLOG_PREFIX, strlen(LASTLOG_PREFIX));
		if (stream)
			s += strlen(LASTLOG_PREFIX);
		if (starts_boot(s)) {
			if (!new_boot(log, i + 1, ++boots)) {
				rc = -1;
				continue;
			}
			cur[stream] = log->nboots - 1;
			log->boots[log->nboots - 1].from_lastlog = stream;
			if (!stream)
				cur[1] = -1; /* a dump belongs to the boot that printed it */
			continue;
		}
		if (cur[stream] >= 0 && is_event(s, EV_RUNG) &&
		    (cur[stream] = next_rung(log, cur[stream], i + 1)) < 0) {
			rc = -1;
			continue;
		}
		if (cur[stream] >= 0)
			parse_line(&c, &log->boots[cur[stream]], s);
		/* else: firmware and loader output before the first boot of ours */
	}
	share_exits(log);
	free(lines);
	free(copy);
	return rc;
}

/*
 * The console text in the forms a lab stores it: as it came off the line, or inside a LAVA
 * job's log (lava.c). A stick's slot file (a header, the text, padding) is the next form; its
 * reader belongs here, handing the text between header and padding to parse_console.
 */
int rpt_parse_text(const char *text, size_t len, struct rpt_log *log)
{
	size_t clen;
	char *console = rpt_lava_console(text, len, &clen);
	int rc;

	if (!console)
		return parse_console(text, len, log);
	rc = parse_console(console, clen, log);
	log->lava = 1;
	free(console);
	return rc;
}

char *rpt_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, got;

	*len = 0;
	if (!f)
		return NULL;
	do {
		if (*len + 65536 > cap) {
			char *nb = realloc(buf, cap = (cap ? cap * 2 : 65536) + 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
	} while (got > 0);
	fclose(f);
	return buf;
}

int rpt_parse_file(const char *path, struct rpt_log *log)
{
	size_t len, tlen;
	char *buf = rpt_read_file(path, &len);
	const char *text, *why;
	int rc;

	if (!buf)
		return -1;
	/* A slot file from the stick: its log alone, or nothing when it is half-written. */
	rpt_slot_text(buf, len, &text, &tlen, &why);
	rc = rpt_parse_text(text, tlen, log);
	if (why && log->nproblems < RPT_MAX_PROBLEMS)
		snprintf(log->problems[log->nproblems++], sizeof(log->problems[0]), "%s", why);
	free(buf);
	return rc;
}

void rpt_free(struct rpt_log *log)
{
	for (int i = 0; i < log->nboots; i++) {
		free(log->boots[i].run.cpus);
		free(log->boots[i].run.checks);
	}
	free(log->boots);
	log->boots = NULL;
	log->nboots = log->cap = 0;
}
