/* SPDX-License-Identifier: MIT */
/*
 * Reading a fleet: the logs, which of them are rows, the machines they
 * group into and the columns their runs fill. The page itself is
 * fleet_html.c's.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fleet.h"
#include "verdict.h"

/* A lab's folders are a few levels deep (LAVA: job-output/YYYY/MM/DD/ID/output.yaml). */
#define MAX_DEPTH 8

static int add_input(struct fleet *f, const char *path)
{
	struct fleet_input *in = realloc(f->inputs, sizeof(*in) * (size_t)(f->ninputs + 1));

	if (!in)
		return -1;
	f->inputs = in;
	in = &f->inputs[f->ninputs];
	memset(in, 0, sizeof(*in));
	in->path = strdup(path);
	in->machine = -1;
	if (!in->path)
		return -1;
	f->ninputs++;
	return 0;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !strcmp(s + n - t, tail);
}

/* A folder's logs: a stick's slot files join these once their names are settled. */
static int is_log_name(const char *name)
{
	return ends_with(name, ".log") || ends_with(name, ".txt") || !strcmp(name, "output.yaml");
}

static int add_path(struct fleet *f, const char *path, int depth, int given)
{
	struct dirent **names;
	struct stat st;
	int n, rc = 0;

	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		const char *base = strrchr(path, '/');

		/* A file named on the command line is read whatever it is: it gets its row. */
		return given || is_log_name(base ? base + 1 : path) ? add_input(f, path) : 0;
	}
	if (depth >= MAX_DEPTH)
		return 0;
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "smpscope-report: fleet: %s: %s\n", path, strerror(errno));
		return given ? -1 : 0;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
		char *sub = malloc(len);

		if (names[i]->d_name[0] != '.' && sub && !rc) {
			snprintf(sub, len, "%s/%s", path, names[i]->d_name);
			rc = add_path(f, sub, depth + 1, 0);
		}
		free(sub);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Only blanks, or nothing. */
static int blank(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n' &&
		    text[i] != '\0')
			return 0;
	return 1;
}

/* Records [*first, *first + *n) of the log's one boot; the number of boots the log holds. */
static int boots_of(const struct rpt_log *log, int *first, int *n, int lines[2])
{
	int boots = 0, last = 0;

	*first = -1;
	*n = 0;
	for (int i = 0; i < log->nboots; i++) {
		const struct rpt_boot *b = &log->boots[i];

		if (b->from_lastlog) /* an earlier boot's, told by this one: part of this boot */
			continue;
		if (!boots || b->boot_no != last) {
			if (boots < 2)
				lines[boots] = b->first_line;
			boots++;
			last = b->boot_no;
			*first = *first < 0 ? i : *first;
		}
	}
	if (*first >= 0)
		*n = log->nboots - *first;
	return boots;
}

/* Why the log cannot be a machine's row, into in->why; 0 when it can. */
static int unreadable(struct fleet_input *in, int empty, int first, int n, int boots,
		      const int lines[2])
{
	const struct rpt_log *log = &in->log;
	const char *kind = log->lava ? "the console of this LAVA log" : "the log";
	int ran = 0, ended = 0;

	for (int i = first; i < first + n; i++) {
		ran |= log->boots[i].run.case_name[0] != '\0';
		ended |= log->boots[i].exit_line != 0 && !log->boots[i].from_lastlog;
	}
	if (empty)
		snprintf(in->why, sizeof(in->why), "empty log");
	else if (!boots)
		snprintf(in->why, sizeof(in->why),
			 "not an smpscope log: no \"KTAP version 1\" line in %s (%d lines)", kind,
			 log->nlines);
	else if (boots > 1)
		snprintf(in->why, sizeof(in->why),
			 "%d boots in one file (lines %d and %d): a row is one boot; give each "
			 "its own file, or read them all with bisect",
			 boots, lines[0], lines[1]);
	else if (!ran)
		snprintf(in->why, sizeof(in->why),
			 "no case ran: no ev=knobs line (a command line the image refused?)");
	else if (!ended)
		snprintf(in->why, sizeof(in->why),
			 "truncated: %s ends at line %d before the boot's ev=exit line (a cut "
			 "capture, or the machine hung or reset)",
			 kind, log->nlines);
	return in->why[0] != '\0';
}

static int col_of(struct fleet *f, const char *name)
{
	struct fleet_col *c;

	for (int i = 0; i < f->ncols; i++)
		if (!strcmp(f->cols[i].name, name))
			return i;
	c = realloc(f->cols, sizeof(*c) * (size_t)(f->ncols + 1));
	if (!c)
		return -1;
	f->cols = c;
	c = &f->cols[f->ncols];
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->rung = rpt_rung_of(name);
	/* Rungs in ladder order, then the table's other cases in its order, then the unknown. */
	c->order = c->rung > 0 ? c->rung : 1000 + f->ncols;
	for (int i = 0; c->rung == NOT_A_RUNG && i < rpt_ncases(); i++)
		if (!strcmp(rpt_case_name(i), name))
			c->order = 100 + i;
	return f->ncols++;
}

static int machine_of(struct fleet *f, const struct rpt_identity *id)
{
	struct fleet_machine *m;

	for (int i = 0; i < f->nmachines; i++)
		if (!strcmp(f->machines[i].id.key, id->key))
			return i;
	/* A boot that listed no CPU (case=lastlog) joins the machine its CPU and firmware name. */
	for (int i = 0; !id->apics && i < f->nmachines; i++)
		if (!strcmp(f->machines[i].id.cpu, id->cpu) &&
		    !strcmp(f->machines[i].id.signature, id->signature) &&
		    !strcmp(f->machines[i].id.firmware, id->firmware))
			return i;
	m = realloc(f->machines, sizeof(*m) * (size_t)(f->nmachines + 1));
	if (!m)
		return -1;
	f->machines = m;
	f->machines[f->nmachines].id = *id;
	f->machines[f->nmachines].ninputs = 0;
	return f->nmachines++;
}

static int add_runs(struct fleet *f, int input)
{
	const struct rpt_log *log = &f->inputs[input].log;

	for (int i = 0; i < log->nboots; i++) {
		const struct rpt_run *r = &log->boots[i].run;
		struct fleet_run *runs;
		int col;

		if (!r->case_name[0])
			continue;
		if ((col = col_of(f, r->case_name)) < 0)
			return -1;
		runs = realloc(f->runs, sizeof(*runs) * (size_t)(f->nruns + 1));
		if (!runs)
			return -1;
		f->runs = runs;
		f->runs[f->nruns++] = (struct fleet_run){ f->inputs[input].machine, col, input, i };
	}
	return 0;
}

static int by_order(const void *a, const void *b)
{
	return ((const struct fleet_col *)a)->order - ((const struct fleet_col *)b)->order;
}

/* The columns in their order; each run follows its column to its new place. */
static void sort_cols(struct fleet *f)
{
	struct fleet_col *old = malloc(sizeof(*old) * (size_t)(f->ncols ? f->ncols : 1));

	if (!old)
		return; /* unsorted columns are still right */
	memcpy(old, f->cols, sizeof(*old) * (size_t)f->ncols);
	qsort(f->cols, (size_t)f->ncols, sizeof(*f->cols), by_order);
	for (int r = 0; r < f->nruns; r++)
		for (int c = 0; c < f->ncols; c++)
			if (!strcmp(f->cols[c].name, old[f->runs[r].col].name)) {
				f->runs[r].col = c;
				break;
			}
	free(old);
}

/* Input i's text: parsed, and either its identity found or why it is unreadable; 0 or -1. */
static int take(struct fleet *f, int i, const char *text, size_t len)
{
	struct fleet_input *in = &f->inputs[i];
	int first, n, lines[2] = { 0, 0 }, boots;

	if (rpt_parse_text(text, len, &in->log))
		return -1;
	boots = boots_of(&in->log, &first, &n, lines);
	if (!unreadable(in, blank(text, len), first, n, boots, lines))
		rpt_identity_of(&in->log, first, n, &in->id);
	return 0;
}

/* A readable input into its machine's row. */
static int place(struct fleet *f, int i)
{
	struct fleet_input *in = &f->inputs[i];

	if (in->why[0])
		return 0;
	if ((in->machine = machine_of(f, &in->id)) < 0 || add_runs(f, i))
		return -1;
	f->machines[in->machine].ninputs++;
	sort_cols(f);
	return 0;
}

int fleet_add(struct fleet *f, const char *path, const char *text, size_t len)
{
	if (add_input(f, path) || take(f, f->ninputs - 1, text, len))
		return -1;
	return place(f, f->ninputs - 1);
}

int fleet_read(struct fleet *f, int npaths, char **paths)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < npaths; i++)
		if (add_path(f, paths[i], 0, 1))
			return -1;
	if (!f->ninputs) {
		fprintf(stderr, "smpscope-report: fleet: no logs in what was given\n");
		return -1;
	}
	for (int i = 0; i < f->ninputs; i++) {
		size_t len;
		char *text = rpt_read_file(f->inputs[i].path, &len);
		int rc;

		if (!text) {
			snprintf(f->inputs[i].why, sizeof(f->inputs[i].why), "cannot read: %s",
				 strerror(errno));
			continue;
		}
		rc = take(f, i, text, len);
		free(text);
		if (rc)
			goto oom;
	}
	/* Boots that listed their CPUs first, so that one that did not finds their machine. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < f->ninputs; i++)
			if (!f->inputs[i].why[0] && (f->inputs[i].id.apics == 0) == pass &&
			    place(f, i))
				goto oom;
	return 0;
oom:
	fprintf(stderr, "smpscope-report: fleet: out of memory\n");
	return -1;
}

void fleet_cell(const struct fleet *f, int machine, int col, struct fleet_cell *c)
{
	memset(c, 0, sizeof(*c));
	c->shown = -1;
	for (int r = 0; r < f->nruns; r++) {
		const struct fleet_run *run = &f->runs[r];
		const char *v;

		if (run->machine != machine || run->col != col)
			continue;
		v = rpt_verdict(&f->inputs[run->input].log.boots[run->record]);
		c->nruns++;
		if (!strcmp(v, "skipped")) {
			c->nskipped++;
			if (c->shown < 0)
				c->shown = r;
			continue;
		}
		if (strcmp(v, "pass") && !c->nfailed++)
			c->shown = r;
		else if (!c->nfailed)
			c->shown = r;
	}
}

void fleet_free(struct fleet *f)
{
	for (int i = 0; i < f->ninputs; i++) {
		rpt_free(&f->inputs[i].log);
		free(f->inputs[i].path);
	}
	free(f->inputs);
	free(f->machines);
	free(f->runs);
	free(f->cols);
	memset(f, 0, sizeof(*f));
}
