/* SPDX-License-Identifier: MIT */
/*
 * Reading a serial log as it comes off a real line: CRLF, terminal escapes,
 * a capture tool's fixed-width prefix, noise bytes, lines cut by a reset,
 * several boots in one file. What cannot be read is named with its line.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/events.h"
#include "fields.h"
#include "model.h"

#define LINE_MAX_LEN 4096
/* What case=lastlog puts before each line of the log an earlier boot kept (cases/lastlog.c). */
#define LASTLOG_PREFIX "# lastlog: "
/*
 * CPU entries one log may make over all its boots: a boot naming cpu=1000 makes 1001, and a
 * 128 KB file of such boots took 1.4 GB. 256 boots of 256 CPUs; 43 MB at most, arrays doubling.
 */
#define LOG_MAX_CPU_SLOTS (256 * 256)

static void problem(struct rpt_log *log, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (log->nproblems >= RPT_MAX_PROBLEMS) {
		log->problems_dropped++;
		return;
	}
	n = snprintf(log->problems[log->nproblems], sizeof(log->problems[0]), "line %d: ", line);
	va_start(ap, fmt);
	vsnprintf(log->problems[log->nproblems] + n, sizeof(log->problems[0]) - (size_t)n, fmt, ap);
	va_end(ap);
	log->nproblems++;
}

struct ctx {
	struct rpt_log *log;
	int line;
	const char *rest;
	int bad;
	int *slots_left; /* of LOG_MAX_CPU_SLOTS, for the whole log */
};

static const char *get(struct ctx *c, const char *key, char *buf, size_t size)
{
	return rpt_field(c->rest, key, buf, size, &c->bad);
}

static uint64_t num(struct ctx *c, const char *key)
{
	char buf[32], *end;
	unsigned long long v;

	if (!get(c, key, buf, sizeof(buf)))
		return 0;
	errno = 0;
	v = strtoull(buf, &end, 0);
	if (errno || *end || end == buf) {
		problem(c->log, c->line, "%s=%s is not a number", key, buf);
		return 0;
	}
	return v;
}

/* Grows an array of n elements of size sz to hold index want; 0 on success. */
static int grow(void **arr, int *cap, size_t sz, int want)
{
	int ncap = *cap ? *cap : 8;
	void *p;

	if (want < *cap)
		return 0;
	while (ncap <= want)
		ncap *= 2;
	p = realloc(*arr, sz * (size_t)ncap);
	if (!p)
		return -1;
	memset((char *)p + sz * (size_t)*cap, 0, sz * (size_t)(ncap - *cap));
	*arr = p;
	*cap = ncap;
	return 0;
}

static struct rpt_cpu *cpu_at(struct ctx *c, struct rpt_run *run)
{
	char buf[32];
	uint64_t slot;

	if (!get(c, "cpu", buf, sizeof(buf))) {
		problem(c->log, c->line, "a per-CPU event without cpu=");
		return NULL;
	}
	slot = num(c, "cpu");
	if (slot >= RPT_MAX_CPUS) {
		problem(c->log, c->line, "cpu=%llu is past the %d CPUs this tool keeps",
			(unsigned long long)slot, RPT_MAX_CPUS);
		return NULL;
	}
	if ((int)slot >= run->ncpus && (int)slot + 1 - run->ncpus > *c->slots_left) {
		problem(c->log, c->line,
			"cpu=%d: the log's boots name more than %d CPUs "
			"between them; the rest are not kept",
			(int)slot, LOG_MAX_CPU_SLOTS);
		return NULL;
	}
	if (grow((void **)&run->cpus, &run->cpus_cap, sizeof(*run->cpus), (int)slot)) {
		problem(c->log, c->line, "out of memory");
		return NULL;
	}
	if ((int)slot + 1 > run->ncpus) {
		*c->slots_left -= (int)slot + 1 - run->ncpus;
		run->ncpus = (int)slot + 1;
	}
	run->cpus[slot].slot = (int)slot;
	return &run->cpus[slot];
}

/* ev=ap-times: "<phase>=<start>-<end>" or "<phase>=-" for each phase. */
static void on_times(struct ctx *c, struct rpt_cpu *cpu)
{
	char v[48];

	cpu->has_times = 1;
	for (int i = 0; i < PH_COUNT; i++) {
		unsigned long long a, b;
		char tail;

		if (!get(c, phase_names[i], v, sizeof(v)) || !strcmp(v, "-"))
			continue;
		if (sscanf(v, "%llu-%llu%c", &a, &b, &tail) != 2 || b < a) {
			problem(c->log, c->line, "%s=%s is not <start>-<end>", phase_names[i], v);
			continue;
		}
		cpu->phase_seen[i] = 1;
		cpu->times[i][0] = a;
		cpu->times[i][1] = b;
	}
}

static void on_event(struct ctx *c, struct rpt_boot *b, const char *name)
{
	struct rpt_run *run = &b->run;
	struct rpt_cpu *cpu;
	char v[64];

	if (!strcmp(name, ev_names[EV_CPU]) && (cpu = cpu_at(c, run))) {
		cpu->present = 1;
		cpu->apic = (uint32_t)num(c, "apic");
		cpu->pkg = (uint32_t)num(c, "pkg");
		cpu->core = (uint32_t)num(c, "core");
		cpu->smt = (uint32_t)num(c, "smt");
		cpu->enabled = (int)num(c, "enabled");
		cpu->bsp = (int)num(c, "bsp");
	} else if (!strcmp(name, ev_names[EV_AP]) && (cpu = cpu_at(c, run))) {
		cpu->has_ap = 1;
		get(c, "state", cpu->state, sizeof(cpu->state));
		for (int p = 0; p < PH_COUNT; p++)
			cpu->phase[p] = num(c, phase_names[p]);
		cpu->total = num(c, "total");
		cpu->us = num(c, "us");
	} else if (!strcmp(name, ev_names[EV_AP_TIMES]) && (cpu = cpu_at(c, run))) {
		on_times(c, cpu);
	} else if (!strcmp(name, ev_names[EV_EXCEPTION])) {
		/* cpu=0 is the BSP's own exception (it ends the case); the others are APs'. */
		if (get(c, "cpu", v, sizeof(v)) && (cpu = cpu_at(c, run))) {
			cpu->excepted = 1;
			get(c, "step", cpu->exc_step, sizeof(cpu->exc_step));
			get(c, "name", cpu->exc_name, sizeof(cpu->exc_name));
		}
	} else if (!strcmp(name, ev_names[EV_AP_STEPS]) && (cpu = cpu_at(c, run))) {
		get(c, "last", cpu->last_step, sizeof(cpu->last_step));
	} else if (!strcmp(name, ev_names[EV_TIMEOUT]) && (cpu = cpu_at(c, run))) {
		if (!get(c, "late", v, sizeof(v))) {
			cpu->timed_out = 1;
			get(c, "phase", cpu->timeout_phase, sizeof(cpu->timeout_phase));
			get(c, "step", cpu->timeout_step, sizeof(cpu->timeout_step));
		}
	} else if (!strcmp(name, ev_names[EV_BRINGUP])) {
		run->have_bringup = 1;
		get(c, "flow", run->flow, sizeof(run->flow));
		if (get(c, "cpus", v, sizeof(v)) &&
		    sscanf(v, "%d/%d", &run->online, &run->enabled) != 2)
			problem(c->log, c->line, "cpus=%s is not <online>/<enabled>", v);
		run->cycles = num(c, "cycles");
		run->us = num(c, "us");
		run->drain_cycles = num(c, "drain_cycles");
	} else if (!strcmp(name, ev_names[EV_KNOBS])) {
		snprintf(run->knobs, sizeof(run->knobs), "%s", c->rest + strspn(c->rest, " "));
		get(c, "case", run->case_name, sizeof(run->case_name));
		if (!b->boot_case[0])
			snprintf(b->boot_case, sizeof(b->boot_case), "%s", run->case_name);
	} else if (!strcmp(name, ev_names[EV_RUNG])) {
		/* The line that started this record (rpt_parse_text): case=all's next rung. */
		b->rung = (int)num(c, "n");
		b->rungs = (int)num(c, "of");
		get(c, "case", run->case_name, sizeof(run->case_name));
		run->skipped = get(c, "skipped", v, sizeof(v)) && !strcmp(v, "1");
	} else if (!strcmp(name, ev_names[EV_TSC])) {
		if (!run->tsc_hz)
			run->tsc_hz = num(c, "hz");
	} else if (!strcmp(name, ev_names[EV_EXIT])) {
		get(c, "result", b->exit_result, sizeof(b->exit_result));
		b->exit_line = c->line;
	} else {
		for (int i = 0; i < EV_COUNT; i++)
			if (!strcmp(name, ev_names[i]))
				return;
		/* Perhaps a newer image's event: say so, read on. */
		problem(c->log, c->line, "unknown event '%s'", name);
	}
}

static void on_result(struct ctx *c, struct rpt_boot *b, const char *s, int indent)
{
	struct rpt_run *run = &b->run;
	int ok = strncmp(s, "not ok ", 7) != 0, n;
	const char *p = s + (ok ? 3 : 7), *hash;
	struct rpt_check *k;

	if (sscanf(p, "%d", &n) != 1) {
		problem(c->log, c->line, "a result line without a number");
		return;
	}
	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	if (indent == 0) {
		run->result = ok;
		hash = strstr(p, " # ");
		if (ok && hash && !strncmp(hash + 3, "SKIP", 4))
			run->skipped = 1;
		if (!run->case_name[0])
			snprintf(run->case_name, sizeof(run->case_name), "%.*s",
				 (int)strcspn(p, " "), p);
		return;
	}
	if (run->nchecks >= RPT_MAX_CHECKS) {
		problem(c->log, c->line, "more than %d checks in one case; the rest are not kept",
			RPT_MAX_CHECKS);
		return;
	}
	if (grow((void **)&run->checks, &run->checks_cap, sizeof(*run->checks), run->nchecks))
		return;
	k = &run->checks[run->nchecks++];
	k->ok = ok;
	hash = strstr(p, " # ");
	snprintf(k->name, sizeof(k->name), "%.*s", (int)(hash ? hash - p : (long)strlen(p)), p);
	if (hash) {
		snprintf(k->msg, sizeof(k->msg), "%s", hash + 3);
		k->skip = !strncmp(hash + 3, "SKIP", 4);
	}
}

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

/* One line of a boot's log: an event, a result, or nothing we read. */
static void parse_line(struct ctx *c, struct rpt_boot *b, const char *s)
{
	int indent = strspn(s, " ");

	if (!strncmp(s, "# ev=", 5)) {
		char name[32];

		c->rest = s + 5 + strcspn(s + 5, " ");
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(s + 5, " "), s + 5);
		if (!name[0] ||
		    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(name)) {
			problem(c->log, c->line, "garbled event name '%s'", name);
			return;
		}
		on_event(c, b, name);
		if (c->bad)
			problem(c->log, c->line, "ev=%s: a quoted value is not closed (line cut?)",
				name);
	} else if (!strncmp(s + indent, "ok ", 3) || !strncmp(s + indent, "not ok ", 7)) {
		on_result(c, b, s + indent, indent);
	}
}

int rpt_parse_text(const char *text, size_t len, struct rpt_log *log)
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
	for (int i = 0; i < n && rc == 0; i++) {
		const char *s = lines[i];
		struct ctx c = { log, i + 1, NULL, 0, &slots_left };
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
		if (cur[stream] >= 0 && !strncmp(s, "# ev=rung ", 10) &&
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

int rpt_parse_file(const char *path, struct rpt_log *log)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	int rc;

	if (!f)
		return -1;
	do {
		if (len + 65536 > cap) {
			char *nb = realloc(buf, cap = (cap ? cap * 2 : 65536) + 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	rc = rpt_parse_text(buf ? buf : "", len, log);
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
