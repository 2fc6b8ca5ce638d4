/* SPDX-License-Identifier: MIT */
/*
 * A fleet: many machines' logs read together (docs/report.md, "fleet").
 * Each log is one boot of one machine; boots of the same machine (the same
 * identity, identity.h) make one row, the cases they ran its columns. A log
 * that cannot be a row (empty, another program's, two boots, cut before its
 * end) gets a row of its own that says why.
 */
#ifndef SMPSCOPE_REPORT_FLEET_H
#define SMPSCOPE_REPORT_FLEET_H

#include <stdio.h>

#include "identity.h"
#include "model.h"

struct fleet_input {
	char *path;
	struct rpt_log log;
	int machine; /* its row, or -1: unreadable, for the reason in why */
	char why[256];
	struct rpt_identity id;
};

struct fleet_machine {
	struct rpt_identity id;
	int ninputs;
};

/* One case run: a boot's record (a rung of case=all is one) in a column of a machine's row. */
struct fleet_run {
	int machine, col, input, record;
};

struct fleet_col {
	char name[48];
	int rung; /* rpt_rung_of() */
	int order;
};

struct fleet {
	int ninputs, nmachines, nruns, ncols;
	struct fleet_input *inputs;
	struct fleet_machine *machines;
	struct fleet_run *runs;
	struct fleet_col *cols;
};

/* A cell's runs: how many failed or were skipped, and the one shown (-1 for none). */
struct fleet_cell {
	int nruns, nfailed, nskipped;
	int shown; /* index into runs: the first failing run, else the last that ran */
};

/*
 * Reads every path: a file whatever its name, a folder's *.log, *.txt and output.yaml files
 * (LAVA's stored job logs) at any depth, in name order. Returns 0, or -1 (said on stderr)
 * when there is nothing to read or no memory.
 */
int fleet_read(struct fleet *f, int npaths, char **paths);
/* One more log, its text given (path only names it); f zeroed before the first. 0, or -1. */
int fleet_add(struct fleet *f, const char *path, const char *text, size_t len);
void fleet_cell(const struct fleet *f, int machine, int col, struct fleet_cell *c);
void fleet_free(struct fleet *f);

/* The page: a summary, a row per machine, a column per case, the timelines inline. */
int print_fleet(FILE *out, const struct fleet *f);

#endif
