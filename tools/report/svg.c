/* SPDX-License-Identifier: MIT */
/*
 * smpscope-report svg: one boot's ev=ap-times as a timeline. Coordinates are
 * doubles throughout: times come straight from the log and may be anything up
 * to 2^64-1, so nothing here multiplies them in integers. The class and id
 * names (lane, cpu-N, failed, bar ph-*, stopped, axis, tick, swatch) are what
 * tests/report/test_svg.py reads the picture by.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

#define WIDTH	 1400
#define PX0	 250  /* plot left, after the lane labels */
#define PX1	 1110 /* plot right, before the notes */
#define TOP	 100
#define LANES_PX 2400.0 /* 255 lanes or 1024 still give a picture a browser shows whole */
#define MIN_BAR	 2.0	/* a 300-cycle phase on a 300 ms axis is far below a pixel */
#define RED	 "#d00000"

/* Okabe-Ito: told apart with any colour vision; red is kept for failures. */
static const char *const colours[] = {
	"#cc79a7", "#e69f00", "#56b4e9", "#009e73", "#0072b2",
};
_Static_assert(sizeof(colours) / sizeof(colours[0]) == PH_COUNT,
	       "one colour per phase of include/events.h");

struct view {
	FILE *out;
	const struct rpt_run *run;
	double tmax, per_unit, lh;
	const char *unit;
};

/* Writes before, then s escaped for XML, or "?" for an empty s. */
static void put(FILE *out, const char *before, const char *s)
{
	static const char *const ents[0x7f] = {
		['&'] = "&amp;",
		['<'] = "&lt;",
		['>'] = "&gt;",
		['"'] = "&quot;",
	};

	fputs(before, out);
	for (s = *s ? s : "?"; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		/* A serial line's noise is not UTF-8, and XML refuses most control bytes. */
		if (ch < 0x20 || ch >= 0x7f)
			fputc('?', out);
		else if (ents[ch])
			fputs(ents[ch], out);
		else
			fputc(ch, out);
	}
}

/* Whole numbers where they are big enough to read as such, four digits otherwise. */
static void num(FILE *out, double x)
{
	fprintf(out, x >= 100 && x < 1e15 ? "%.0f" : "%.4g", x);
}

static int is_lane(const struct rpt_cpu *c)
{
	/* A CPU the log reported on without an ev=cpu line still gets its lane, not lost data. */
	return !c->bsp && ((c->present && c->enabled) || c->has_ap || c->has_times);
}

static int has_bars(const struct rpt_cpu *c)
{
	for (int p = 0; c->has_times && p < PH_COUNT; p++)
		if (c->phase_seen[p])
			return 1;
	return 0;
}

static int failed(const struct rpt_cpu *c)
{
	return (c->state[0] && strcmp(c->state, "online")) || c->timed_out || c->excepted;
}

/* The phase a failed CPU was in when the BSP gave up: the one the timeout names, else its last. */
static int stopped_in(const struct rpt_cpu *c)
{
	int last = -1;

	for (int p = 0; p < PH_COUNT; p++) {
		if (!c->phase_seen[p])
			continue;
		if (c->timed_out && !strcmp(c->timeout_phase, phase_names[p]))
			return p;
		last = p;
	}
	return last;
}

static double xpos(const struct view *v, uint64_t t)
{
	return PX0 + (double)t / v->tmax * (PX1 - PX0);
}

/* 1, 2 or 5 times a power of ten, giving at most nine ticks over span. */
static double tick_step(double span)
{
	double raw = span / 8, base = 1;

	if (!(raw > 0) || raw > 1e300)
		return span > 0 ? span : 1;
	while (base * 10 <= raw)
		base *= 10;
	while (base > raw)
		base /= 10;
	return raw <= base	 ? base
	       : raw <= 2 * base ? 2 * base
	       : raw <= 5 * base ? 5 * base
				 : 10 * base;
}

static void axis(const struct view *v, double y_top, double y_bot)
{
	double span = v->tmax / v->per_unit, step = tick_step(span);

	for (int i = 0; i <= 20 && i * step <= span * (1 + 1e-9); i++) {
		double x = PX0 + i * step / span * (PX1 - PX0);

		fprintf(v->out,
			"<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			"y2=\"%.1f\"/>\n",
			x, y_top, x, y_bot + 5);
		fprintf(v->out,
			"<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%.10g</text>\n"
			"<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%.10g</text>\n",
			x, y_bot + 18, i * step, x, y_top - 4, i * step);
	}
	fprintf(v->out, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", PX0,
		y_bot, PX1, y_bot);
	fprintf(v->out, "<text class=\"tick\" x=\"%d\" y=\"%.1f\">%s since the first kick</text>\n",
		(PX0 + PX1) / 2, y_bot + 36, v->unit);
}

static void header(const struct view *v, const struct rpt_log *log, int boot)
{
	const struct rpt_run *r = v->run;
	FILE *out = v->out;

	put(out, "<text class=\"title\" x=\"10\" y=\"24\">smpscope timeline: case ", r->case_name);
	put(out, ", flow ", r->flow);
	if (r->have_bringup)
		fprintf(out, ", %d/%d online in %llu &#181;s (%llu cycles)", r->online, r->enabled,
			(unsigned long long)r->us, (unsigned long long)r->cycles);
	else
		fprintf(out, ", no ev=bringup line");
	if (log->boots[boot].rung) /* --boot counts case=all's rungs one each */
		fprintf(out,
			"</text>\n<text class=\"sub\" x=\"10\" y=\"44\">boot %d, rung %d of %d",
			log->boots[boot].boot_no, log->boots[boot].rung, log->boots[boot].rungs);
	else
		fprintf(out, "</text>\n<text class=\"sub\" x=\"10\" y=\"44\">boot %d of %d",
			boot + 1, log->nboots);
	fprintf(out, ", %s. ", r->result < 0 ? "no result" : r->result ? "ok" : "not ok");
	if (r->tsc_hz)
		fprintf(out, "TSC at %.3f MHz. ", r->tsc_hz / 1e6);
	else
		fprintf(out, "No TSC frequency in the log: the axis is in cycles. ");
	fprintf(out, "Log drains (%llu cycles, ", (unsigned long long)r->drain_cycles);
	num(out, r->drain_cycles / v->per_unit);
	fprintf(out,
		" %s) are on this clock and show as gaps between phases; the run's total "
		"leaves them out.</text>\n",
		v->unit);
	for (int p = 0; p < PH_COUNT; p++)
		fprintf(out,
			"<rect class=\"swatch\" x=\"%d\" y=\"56\" width=\"14\" height=\"14\" "
			"fill=\"%s\"/>\n<text class=\"sub\" x=\"%d\" y=\"68\">%s</text>\n",
			10 + p * 90, colours[p], 30 + p * 90, phase_names[p]);
	fprintf(out,
		"<rect class=\"swatch\" x=\"460\" y=\"56\" width=\"14\" height=\"14\" "
		"fill=\"url(#hatch)\" stroke=\"" RED "\"/>\n<text class=\"sub\" x=\"480\" y=\"68\">"
		"the phase a failed CPU (red label) stopped in</text>\n");
}

/*
 * Where each phase's bar goes. A bar widened to MIN_BAR pushes the next phase's start to its
 * end: in parallel flows four phases fit in one pixel, and drawn at their true places the last
 * would hide the others. The shift is a few pixels; the tooltip keeps the true times.
 */
static void place(const struct view *v, const struct rpt_cpu *c, double xw[PH_COUNT][2])
{
	double after = 0;

	for (int p = 0; p < PH_COUNT; p++) {
		double x, w;

		if (!c->phase_seen[p])
			continue;
		x = xpos(v, c->times[p][0]);
		x = x < after ? after : x;
		w = xpos(v, c->times[p][1]) - x;
		after = w < MIN_BAR ? x + MIN_BAR : 0;
		w = w < MIN_BAR ? MIN_BAR : w;
		xw[p][0] = x + w > PX1 ? PX1 - w : x;
		xw[p][1] = w;
	}
}

static void bar(const struct view *v, const struct rpt_cpu *c, int p, const double xw[2], double y,
		double h, int stopped)
{
	double x = xw[0], w = xw[1];

	fprintf(v->out,
		"<rect class=\"bar ph-%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
		"height=\"%.2f\" fill=\"%s\"><title>CPU %d %s: ",
		phase_names[p], x, y, w, h, colours[p], c->slot, phase_names[p]);
	num(v->out, c->times[p][0] / v->per_unit);
	fputc('-', v->out);
	num(v->out, c->times[p][1] / v->per_unit);
	fprintf(v->out, " %s (%llu cycles)</title></rect>\n", v->unit,
		(unsigned long long)(c->times[p][1] - c->times[p][0]));
	if (stopped)
		fprintf(v->out,
			"<rect class=\"stopped\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
			"height=\"%.2f\" fill=\"url(#hatch)\" stroke=\"" RED "\" "
			"stroke-width=\"%.1f\"/>\n",
			x, y, w, h, v->lh >= 6 ? 1.5 : 0.5);
}

static void note(const struct view *v, const struct rpt_cpu *c, int bad)
{
	if (c->timed_out) {
		put(v->out, "timeout in ", c->timeout_phase);
		put(v->out, " at ", c->timeout_step);
	}
	if (c->excepted) {
		put(v->out, c->timed_out ? "; exception " : "exception ", c->exc_name);
		put(v->out, " at ", c->exc_step);
	}
	if (bad && !c->timed_out && !c->excepted)
		put(v->out, "state ", c->state);
	if (!bad && c->has_ap) {
		num(v->out, c->total / v->per_unit);
		fprintf(v->out, " %s in its phases", v->unit);
	}
}

/*
 * Thin lanes are labelled every few, so that labels do not run into each other; a failed
 * CPU's label always shows, and the ordinary labels next to it give way.
 */
static int labelled(const struct rpt_cpu *const *lanes, int n, int i, int every)
{
	if (failed(lanes[i]))
		return 1;
	if (i % every)
		return 0;
	for (int j = i - every + 1; j < i + every; j++)
		if (j >= 0 && j < n && failed(lanes[j]))
			return 0;
	return 1;
}

static void lane(const struct view *v, const struct rpt_cpu *c, int i, int label)
{
	double y = TOP + i * v->lh, lh = v->lh, fs = lh - 1 < 12 ? lh - 1 : 12;
	double bh = lh >= 6 ? lh * 0.7 : lh, by = y + (lh - bh) / 2, ty;
	int bad = failed(c), stop = bad ? stopped_in(c) : -1;
	double xw[PH_COUNT][2] = { { 0 } };
	const char *cls = bad ? " failed" : "";

	fs = fs < 9 ? 9 : fs;
	ty = y + lh / 2 + fs * 0.35;
	place(v, c, xw);
	fprintf(v->out, "<g class=\"lane%s\" id=\"cpu-%d\">\n", cls, c->slot);
	if (bad || i % 2)
		fprintf(v->out,
			"<rect class=\"bg\" x=\"4\" y=\"%.2f\" width=\"%d\" "
			"height=\"%.2f\" fill=\"%s\"/>\n",
			y, WIDTH - 8, lh, bad ? "#fbe3e3" : "#f2f2f2");
	if (label)
		fprintf(v->out,
			"<text class=\"label%s\" x=\"10\" y=\"%.2f\" font-size=\"%.1f\" "
			"xml:space=\"preserve\">CPU %-3d  apic %#-4x  %u/%u/%u</text>\n",
			cls, ty, fs, c->slot, c->apic, c->pkg, c->core, c->smt);
	/* In phase order: the AP's phases show over a kick the BSP has not finished yet. */
	for (int p = 0; p < PH_COUNT; p++)
		if (c->has_times && c->phase_seen[p])
			bar(v, c, p, xw[p], by, bh, p == stop);
	/* "-" for every phase is the image saying so; no line at all may be a cut log. */
	if (!has_bars(c) && label)
		fprintf(v->out,
			"<text class=\"empty\" x=\"%d\" y=\"%.2f\" font-size=\"%.1f\">"
			"%s</text>\n",
			PX0 + 4, ty, fs,
			c->has_times ? "never kicked" : "no ev=ap-times line for this CPU");
	if (label) {
		fprintf(v->out, "<text class=\"note%s\" x=\"%d\" y=\"%.2f\" font-size=\"%.1f\">",
			cls, PX1 + 10, ty, fs);
		note(v, c, bad);
		fprintf(v->out, "</text>\n");
	}
	fprintf(v->out, "</g>\n");
}

static void prologue(FILE *out, double height)
{
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
		"height=\"%.0f\" viewBox=\"0 0 %d %.0f\">\n<defs>\n"
		"<pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
		"patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"6\" fill=\"" RED "\"/>"
		"</pattern>\n<style type=\"text/css\">"
		"text{font-family:sans-serif;font-size:12px;fill:#222}"
		".title{font-size:16px;font-weight:bold}.label{font-family:monospace}"
		"text.failed{fill:" RED ";font-weight:bold}"
		".tick{text-anchor:middle;font-size:11px;fill:#444}"
		".empty{font-style:italic;fill:#777}"
		".grid{stroke:#d0d0d0;stroke-width:1}.axis{stroke:#222;stroke-width:1}"
		"</style>\n</defs>\n<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
		WIDTH, height, WIDTH, height);
}

const char *svg_why_not(const struct rpt_run *r)
{
	for (int k = 0; k < r->ncpus; k++)
		if (is_lane(&r->cpus[k]) && has_bars(&r->cpus[k]))
			return NULL;
	return !r->have_bringup ? "it brought no AP up (no ev=bringup; a probe case?)"
				: "no ev=ap-times lines (an image older than ev=ap-times?)";
}

int print_svg(FILE *out, const struct rpt_log *log, int boot)
{
	struct view v = { .out = out, .tmax = 0, .per_unit = 1, .unit = "cycles" };
	const struct rpt_cpu **lanes;
	const struct rpt_run *r;
	int n = 0, drawn = 0, every = 1;

	if (!log || boot < 0 || boot >= log->nboots) {
		fprintf(stderr, "smpscope-report: svg: no boot %d in the log\n", boot + 1);
		return -1;
	}
	r = v.run = &log->boots[boot].run;
	lanes = calloc(r->ncpus > 0 ? (size_t)r->ncpus : 1, sizeof(*lanes));
	if (!lanes) {
		fprintf(stderr, "smpscope-report: svg: out of memory\n");
		return -1;
	}
	for (int k = 0; k < r->ncpus; k++) {
		const struct rpt_cpu *c = &r->cpus[k];

		if (!is_lane(c))
			continue;
		lanes[n++] = c;
		drawn += has_bars(c);
		for (int p = 0; has_bars(c) && p < PH_COUNT; p++)
			if (c->phase_seen[p] && (double)c->times[p][1] > v.tmax)
				v.tmax = (double)c->times[p][1];
	}
	if (!drawn) {
		fprintf(stderr,
			"smpscope-report: svg: boot %d (case %s) has no AP with phase "
			"times to draw: %s\n",
			boot + 1, r->case_name[0] ? r->case_name : "?", svg_why_not(r));
		free(lanes);
		return -1;
	}
	v.tmax = v.tmax < 1 ? 1 : v.tmax;
	if (r->tsc_hz) {
		v.per_unit = r->tsc_hz / 1e6;
		v.unit = "&#181;s";
	}
	v.lh = LANES_PX / n;
	v.lh = v.lh > 22 ? 22 : v.lh < 2 ? 2 : v.lh;
	if (v.lh < 10)
		every = (int)(10 / v.lh) + 1;
	prologue(out, TOP + n * v.lh + 48);
	header(&v, log, boot);
	axis(&v, TOP - 14, TOP + n * v.lh + 4);
	for (int i = 0; i < n; i++)
		lane(&v, lanes[i], i, labelled(lanes, n, i, every));
	fprintf(out, "</svg>\n");
	free(lanes);
	return 0;
}
