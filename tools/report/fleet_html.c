/* SPDX-License-Identifier: MIT */
/*
 * smpscope-report fleet: the page. One HTML file that fetches nothing: its
 * style inline, each timeline an <img> whose source is the SVG of
 * `smpscope-report svg` as a data: URI (its own ids and style stay inside it),
 * no script. The class names and data- attributes are what
 * tests/report/test_fleet.py reads the page by (docs/report.md, "fleet").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "svg.h"
#include "verdict.h"

/* The name cells' colours: tests/report/test_fleet.py counts the rows of a rendering by them. */
#define ROW_BG	      "#dbe6f4"
#define UNREADABLE_BG "#ffd27a"

static const char style[] =
	"body{font-family:sans-serif;margin:8px;color:#222;background:#fff}"
	"h1{font-size:20px}h2{font-size:16px}"
	"table{border-collapse:separate;border-spacing:2px 4px}"
	"th,td{padding:4px 6px;text-align:left;vertical-align:top;font-size:12px}"
	"thead th{background:#fff;border-bottom:2px solid #444;white-space:nowrap}"
	"th.f-name{background:" ROW_BG ";font-weight:normal;white-space:nowrap}"
	"th.f-name b{font-size:13px}"
	"tr.f-unreadable th.f-name{background:" UNREADABLE_BG "}"
	"td.f-reason{background:#fff3d6}"
	"td.f-cell{white-space:nowrap;min-width:80px}"
	"td.f-pass{background:#8fd98f}td.f-fail{background:#f08c8c}"
	"td.f-skipped{background:#d8d8d8}td.f-none{background:#f4f4f4}"
	"td.f-cell a{color:#111}small{color:#444}"
	"table.f-sum td,table.f-sum th{background:#eeeeee;white-space:nowrap}"
	"figure{margin:16px 0}img{max-width:100%;border:1px solid #ccc}";

/* s for HTML text or a quoted attribute; bytes a serial line garbled become '?'. */
static void html(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			fputs("&amp;", out);
		else if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '"')
			fputs("&quot;", out);
		else if (c == '\n')
			fputs("&#10;", out);
		else
			fputc(c < 0x20 || c >= 0x7f ? '?' : c, out);
	}
}

static void base64(FILE *out, const unsigned char *p, size_t n)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);

		fputc(b64[v >> 18 & 63], out);
		fputc(b64[v >> 12 & 63], out);
		fputc(i + 1 < n ? b64[v >> 6 & 63] : '=', out);
		fputc(i + 2 < n ? b64[v & 63] : '=', out);
	}
}

static const struct rpt_boot *boot_of(const struct fleet *f, int run)
{
	return &f->inputs[f->runs[run].input].log.boots[f->runs[run].record];
}

/* What a failed run's cell and the summary say of its first failure; the CPU, or NULL. */
static const struct rpt_cpu *failure(const struct rpt_boot *b, char *words, size_t size)
{
	int nfailed;
	const struct rpt_cpu *c = rpt_first_failed(&b->run, &nfailed);

	if (c)
		return rpt_failure_words(c, words, size), c;
	for (int k = 0; k < b->run.nchecks; k++)
		if (!b->run.checks[k].ok) {
			snprintf(words, size, "failed check %s", b->run.checks[k].name);
			return NULL;
		}
	snprintf(words, size, "%s",
		 b->run.result < 0 ? "no verdict: the log ends in the case"
				   : "failed, no CPU or check named");
	return NULL;
}

/* The cell's few words for the CPU's failure: the phase and step, or the exception and step. */
static const char *short_words(const struct rpt_cpu *c, char *buf, size_t size)
{
	if (c->excepted)
		snprintf(buf, size, "%s at %s", c->exc_name[0] ? c->exc_name : "exception",
			 c->exc_step[0] ? c->exc_step : "?");
	else if (c->timed_out)
		snprintf(buf, size, "timeout: %s at %s", c->timeout_phase, c->timeout_step);
	else
		snprintf(buf, size, "%s at %s", c->state, c->last_step[0] ? c->last_step : "none");
	return buf;
}

static void machine_name(FILE *out, const struct fleet *f, int m)
{
	const struct rpt_identity *id = &f->machines[m].id;
	int first = 1;

	fputs("<th class=\"f-name\" title=\"", out);
	for (int i = 0; i < f->ninputs; i++)
		if (f->inputs[i].machine == m) {
			html(out, first ? "" : "\n");
			html(out, f->inputs[i].path);
			first = 0;
		}
	fputs("\"><b>", out);
	html(out, id->cpu);
	fputs("</b><br>", out);
	html(out, id->firmware);
	if (id->apics)
		fprintf(out, " &middot; %d APIC%s, %d package%s<br><small>", id->apics,
			id->apics == 1 ? "" : "s", id->packages, id->packages == 1 ? "" : "s");
	else
		fputs(" &middot; no CPU listed in the log<br><small>", out);
	html(out, id->signature[0] ? id->signature : "no CPUID signature logged");
	fprintf(out, " &middot; %d log%s</small></th>\n", f->machines[m].ninputs,
		f->machines[m].ninputs == 1 ? "" : "s");
}

static void cell(FILE *out, const struct fleet *f, int m, int col)
{
	struct fleet_cell c;
	const struct rpt_boot *b;
	const struct rpt_cpu *cpu;
	const char *v;
	char words[160];

	fleet_cell(f, m, col, &c);
	if (c.shown < 0) {
		fputs("<td class=\"f-cell f-none\"></td>\n", out);
		return;
	}
	b = boot_of(f, c.shown);
	v = c.nfailed ? "fail" : c.nskipped == c.nruns ? "skipped" : "pass";
	fprintf(out, "<td class=\"f-cell f-%s\" data-case=\"", v);
	html(out, f->cols[col].name);
	fprintf(out, "\" data-runs=\"%d\" data-failed=\"%d\">", c.nruns, c.nfailed);
	if (!svg_why_not(&b->run))
		fprintf(out, "<a href=\"#tl-%d-%d\">", m, col);
	fprintf(out, "<b>%s</b>", !strcmp(v, "fail") ? "FAIL" : v);
	if (b->run.have_bringup)
		fprintf(out, " %d/%d", b->run.online, b->run.enabled);
	if (c.nruns > 1 && c.nfailed)
		fprintf(out, " <small>(%d of %d runs failed)</small>", c.nfailed, c.nruns);
	else if (c.nruns > 1)
		fprintf(out, " <small>(%d runs)</small>", c.nruns);
	if (c.nfailed) {
		cpu = failure(b, words, sizeof(words));
		fputs("<br><span class=\"f-failure\"", out);
		if (cpu)
			fprintf(out, " data-cpu=\"%d\" data-apic=\"%#x\"", cpu->slot, cpu->apic);
		fputs(" data-words=\"", out);
		html(out, words);
		fputs("\" title=\"", out);
		html(out, words);
		fputs("\">", out);
		if (cpu)
			fprintf(out, "cpu %d apic %#x<br>", cpu->slot, cpu->apic);
		html(out, cpu ? short_words(cpu, words, sizeof(words)) : words);
		fputs("</span>", out);
	}
	fputs(svg_why_not(&b->run) ? "</td>\n" : "</a></td>\n", out);
}

/* How many machines pass each column, and the first failure most failing cells share. */
static void summary(FILE *out, const struct fleet *f)
{
	int unreadable = 0, best = 0, nfail = 0, best_machines = 0;
	char best_words[160] = "", (*words)[160];

	for (int i = 0; i < f->ninputs; i++)
		unreadable += f->inputs[i].machine < 0;
	fprintf(out,
		"<h1>smpscope fleet: %d machine%s from %d log%s (%d unreadable)</h1>\n"
		"<table class=\"f-sum\"><tr><th>case</th>",
		f->nmachines, f->nmachines == 1 ? "" : "s", f->ninputs, f->ninputs == 1 ? "" : "s",
		unreadable);
	for (int col = 0; col < f->ncols; col++) {
		fputs("<th>", out);
		html(out, f->cols[col].name);
		fputs("</th>", out);
	}
	fputs("</tr>\n<tr><th>machines passing</th>", out);
	for (int col = 0; col < f->ncols; col++) {
		int pass = 0, ran = 0;

		for (int m = 0; m < f->nmachines; m++) {
			struct fleet_cell c;

			fleet_cell(f, m, col, &c);
			ran += c.nruns > c.nskipped;
			pass += c.nruns > c.nskipped && !c.nfailed;
		}
		fprintf(out,
			"<td class=\"f-passing\" data-pass=\"%d\" data-ran=\"%d\">%d of %d</td>",
			pass, ran, pass, ran);
	}
	fputs("</tr></table>\n", out);
	/* Each failing cell counts once, with the words of its first failing run. */
	words = calloc((size_t)(f->nmachines * f->ncols) + 1, sizeof(*words));
	if (!words)
		return;
	for (int m = 0; m < f->nmachines; m++)
		for (int col = 0; col < f->ncols; col++) {
			struct fleet_cell c;

			fleet_cell(f, m, col, &c);
			if (c.nfailed)
				failure(boot_of(f, c.shown), words[m * f->ncols + col],
					sizeof(*words));
		}
	for (int i = 0; i < f->nmachines * f->ncols; i++) {
		int same = 0, machines = 0;

		if (!words[i][0])
			continue;
		nfail++;
		for (int m = 0; m < f->nmachines; m++) {
			int here = 0;

			for (int col = 0; col < f->ncols; col++)
				here += !strcmp(words[i], words[m * f->ncols + col]);
			same += here;
			machines += here > 0;
		}
		if (same > best) {
			best = same;
			best_machines = machines;
			snprintf(best_words, sizeof(best_words), "%s", words[i]);
		}
	}
	free(words);
	if (!nfail) {
		fputs("<p class=\"f-common\" data-count=\"0\">No failing cell.</p>\n", out);
		return;
	}
	fprintf(out, "<p class=\"f-common\" data-count=\"%d\" data-words=\"", best);
	html(out, best_words);
	fputs("\">Most common first failure: <b>", out);
	html(out, best_words);
	fprintf(out, "</b>, in %d of %d failing cells, on %d machine%s.</p>\n", best, nfail,
		best_machines, best_machines == 1 ? "" : "s");
}

static void grid(FILE *out, const struct fleet *f)
{
	fputs("<table class=\"f-grid\" id=\"grid\"><thead><tr><th>machine</th>", out);
	for (int col = 0; col < f->ncols; col++) {
		fprintf(out, "<th class=\"f-col\" data-rung=\"%d\">", f->cols[col].rung);
		if (f->cols[col].rung > 0)
			fprintf(out, "%d. ", f->cols[col].rung);
		html(out, f->cols[col].name);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	for (int m = 0; m < f->nmachines; m++) {
		fputs("<tr class=\"f-machine\">", out);
		machine_name(out, f, m);
		for (int col = 0; col < f->ncols; col++)
			cell(out, f, m, col);
		fputs("</tr>\n", out);
	}
	for (int i = 0; i < f->ninputs; i++) {
		if (f->inputs[i].machine >= 0)
			continue;
		fputs("<tr class=\"f-unreadable\"><th class=\"f-name\"><b>", out);
		html(out, f->inputs[i].path);
		fprintf(out, "</b></th><td class=\"f-reason\" colspan=\"%d\">unreadable: ",
			f->ncols ? f->ncols : 1);
		html(out, f->inputs[i].why);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

/* The cell's run as `smpscope-report svg` draws it, inline as a data: URI. */
static int timeline(FILE *out, const struct fleet *f, int m, int col)
{
	const struct fleet_run *run;
	const struct rpt_boot *b;
	struct fleet_cell c;
	char *svg = NULL, where[64];
	size_t len = 0;
	FILE *mem;

	fleet_cell(f, m, col, &c);
	if (c.shown < 0 || svg_why_not(&boot_of(f, c.shown)->run))
		return 0;
	run = &f->runs[c.shown];
	b = boot_of(f, c.shown);
	mem = open_memstream(&svg, &len);
	if (!mem || print_svg(mem, &f->inputs[run->input].log, run->record)) {
		if (mem)
			fclose(mem);
		free(svg);
		return -1;
	}
	fclose(mem);
	fprintf(out, "<figure id=\"tl-%d-%d\" data-file=\"", m, col);
	html(out, f->inputs[run->input].path);
	fprintf(out, "\" data-record=\"%d\"><figcaption><b>", run->record + 1);
	html(out, f->cols[col].name);
	fputs("</b> on ", out);
	html(out, f->machines[m].id.cpu);
	fputs(", ", out);
	html(out, f->machines[m].id.firmware);
	fputs(": ", out);
	html(out, f->inputs[run->input].path);
	snprintf(where, sizeof(where), ", boot %d", b->boot_no);
	if (b->rung)
		snprintf(where + strlen(where), sizeof(where) - strlen(where), ", rung %d of %d",
			 b->rung, b->rungs);
	html(out, where);
	fprintf(out, " (%s) &middot; <a href=\"#grid\">back to the grid</a></figcaption>\n",
		rpt_verdict(b));
	fputs("<img alt=\"timeline\" src=\"data:image/svg+xml;base64,", out);
	base64(out, (const unsigned char *)svg, len);
	fputs("\"></figure>\n", out);
	free(svg);
	return 0;
}

int print_fleet(FILE *out, const struct fleet *f)
{
	int rc = 0;

	fprintf(out,
		"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>smpscope fleet</title>\n<style>%s</style></head><body>\n",
		style);
	summary(out, f);
	grid(out, f);
	fputs("<h2>Timelines</h2>\n<p>Each cell's run as <code>smpscope-report svg</code> draws "
	      "it: the first failing run of the cell, else its last.</p>\n",
	      out);
	for (int m = 0; m < f->nmachines; m++)
		for (int col = 0; col < f->ncols; col++)
			rc |= timeline(out, f, m, col);
	fputs("</body></html>\n", out);
	return rc;
}
