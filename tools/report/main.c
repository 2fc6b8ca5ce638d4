/* SPDX-License-Identifier: MIT */
/*
 * smpscope-report: serial logs of smpscope into tables, JSON, verdicts, a
 * ladder's answer and a timeline picture. The usage text below is the list.
 * Exit status: 0 fine, 1 an expectation failed (check) or nothing failed
 * (bisect), 2 the command or a file was wrong.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bisect.h"
#include "fleet.h"
#include "madt.h"
#include "model.h"
#include "output.h"
#include "slot.h"
#include "svg.h"

static int usage(void)
{
	fprintf(stderr,
		"usage: smpscope-report table LOG\n"
		"       smpscope-report json LOG\n"
		"       smpscope-report check LOG [--cpus N] [--case NAME] [--expect WHAT]...\n"
		"       smpscope-report bisect LOG...\n"
		"       smpscope-report svg LOG [--boot N] > timeline.svg\n"
		"       smpscope-report fleet DIR|LOG... [-o fleet.html]\n"
		"       smpscope-report madt FILE [--json]   (FILE: a raw MADT or acpidump text)\n"
		"       smpscope-report slots DIR   (DIR: a stick's smpscope/ folder)\n"
		"LOG: a serial capture, or a slot file from the stick (DIR/slot-07.log)\n"
		"WHAT: pass, fail, online (every enabled CPU online), no-timeouts,\n"
		"      check=NAME (that KTAP check present and ok)\n");
	return 2;
}

static int fails;

/* "boot 2: " and, about one rung of a case=all boot (whole: 0), "rung 3 (serial): ". */
static void __attribute__((format(printf, 3, 4)))
failed(const struct rpt_boot *bt, int whole, const char *fmt, ...)
{
	va_list ap;

	printf("boot %d: ", bt->boot_no);
	if (bt->rung && !whole)
		printf("rung %d (%s): ", bt->rung, bt->run.case_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fails++;
}

static const char *verdict(int result)
{
	return result < 0 ? "no result" : result ? "ok" : "not ok";
}

/*
 * One expectation on the records b[0..n) of one boot: several for case=all,
 * one a rung. pass: every rung ok (a skipped one too) and the exit pass;
 * fail: some rung not ok; the rest hold for each rung that ran.
 */
static int expect(const struct rpt_boot *b, int n, const char *what)
{
	int found = 0, failing = 0;

	for (int i = 0; i < n; i++) {
		const struct rpt_boot *bt = &b[i];
		const struct rpt_run *r = &bt->run;

		failing |= r->result == 0;
		if (!strcmp(what, "pass")) {
			if (r->result != 1 || (n == 1 && strcmp(bt->exit_result, "pass")))
				failed(bt, 0, "expected pass, got %s (exit: %s)",
				       verdict(r->result),
				       bt->exit_result[0] ? bt->exit_result : "none logged");
		} else if (!strcmp(what, "fail") || r->skipped) {
			continue;
		} else if (!strcmp(what, "online")) {
			if (!r->have_bringup || r->online != r->enabled)
				failed(bt, 0, "expected every enabled CPU online%s, %d of %d are",
				       r->have_bringup ? "" : " (no ev=bringup)", r->online,
				       r->enabled);
		} else if (!strcmp(what, "no-timeouts")) {
			for (int k = 0; k < r->ncpus; k++)
				if (r->cpus[k].timed_out)
					failed(bt, 0, "cpu %d (apic %#x) timed out in %s at %s", k,
					       r->cpus[k].apic, r->cpus[k].timeout_phase,
					       r->cpus[k].timeout_step);
		} else if (!strncmp(what, "check=", 6)) {
			for (int k = 0; k < r->nchecks; k++)
				if (!strcmp(r->checks[k].name, what + 6)) {
					found = 1;
					if (!r->checks[k].ok)
						failed(bt, 0, "check %s is not ok: %s", what + 6,
						       r->checks[k].msg);
				}
		} else {
			fprintf(stderr, "smpscope-report: unknown expectation '%s'\n", what);
			return -1;
		}
	}
	if (!strcmp(what, "pass") && n > 1 && strcmp(b->exit_result, "pass"))
		failed(b, 1, "expected pass, exit: %s",
		       b->exit_result[0] ? b->exit_result : "none logged");
	if (!strcmp(what, "fail") && !failing)
		failed(b, 1, "expected a failing case, got %s",
		       n > 1 ? "every rung ok" : verdict(b->run.result));
	if (!strncmp(what, "check=", 6) && !found)
		failed(b, 1, "no check named %s", what + 6);
	return 0;
}

/* --cpus for each rung of a case=all boot; --case: the boot's case ("all") or one of its rungs. */
static int expect_opt(const struct rpt_boot *b, int n, const char *opt, const char *val)
{
	int ran = !strcmp(b->boot_case, val);

	for (int i = 0; i < n; i++)
		ran |= !strcmp(b[i].run.case_name, val);
	if (!strcmp(opt, "--case") && !ran)
		failed(b, 1, "expected case %s, ran %s", val,
		       b->boot_case[0]	     ? b->boot_case
		       : b->run.case_name[0] ? b->run.case_name
					     : "none");
	for (int i = 0; i < n; i++) {
		const struct rpt_boot *bt = &b[i];

		if (!strcmp(opt, "--cpus")) {
			char *end;
			long want = strtol(val, &end, 10);

			if (*end || want < 0)
				return -1;
			if (!bt->run.skipped && bt->run.online != want)
				failed(bt, 0, "expected %ld CPUs online, %d are", want,
				       bt->run.online);
		} else if (strcmp(opt, "--case")) {
			return -1;
		}
	}
	return 0;
}

static int check(const struct rpt_log *log, int argc, char **argv)
{
	if (!log->nboots) {
		printf("no smpscope boot (no \"KTAP version 1\" line) in the log\n");
		return 1;
	}
	for (int b = 0, n; b < log->nboots; b += n) {
		const struct rpt_boot *bt = &log->boots[b];

		for (n = 1; b + n < log->nboots && log->boots[b + n].boot_no == bt->boot_no; n++)
			;
		/* A lastlog dump is what an earlier boot said; the expectations are about this one.
		 */
		if (bt->from_lastlog)
			continue;
		for (int i = 0; i < argc; i++) {
			const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

			if (!val)
				return usage();
			i++;
			if (!strcmp(opt, "--expect")) {
				if (expect(bt, n, val))
					return 2;
			} else if (expect_opt(bt, n, opt, val)) {
				return usage();
			}
		}
	}
	return fails ? 1 : 0;
}

static int read_log(const char *path, struct rpt_log *log)
{
	if (rpt_parse_file(path, log)) {
		fprintf(stderr, "smpscope-report: cannot read %s\n", path);
		return -1;
	}
	for (int i = 0; i < log->nproblems; i++)
		fprintf(stderr, "smpscope-report: %s: %s\n", path, log->problems[i]);
	if (log->problems_dropped)
		fprintf(stderr, "smpscope-report: %s: %d more problems not shown\n", path,
			log->problems_dropped);
	return 0;
}

static int bisect(int nlogs, char **paths)
{
	struct rpt_log *logs = calloc((size_t)nlogs, sizeof(*logs));
	int rc = 0, n = 0;

	if (!logs)
		return 2;
	for (; n < nlogs && rc == 0; n++)
		if (read_log(paths[n], &logs[n]))
			rc = 2;
	if (rc == 0)
		rc = print_bisect(stdout, logs, (const char *const *)paths, nlogs);
	while (n--)
		rpt_free(&logs[n]);
	free(logs);
	return rc;
}

static int svg(const struct rpt_log *log, int argc, char **argv)
{
	int boot = log->nboots; /* the last boot, unless told */

	if (argc == 2 && !strcmp(argv[0], "--boot")) {
		char *end;

		boot = (int)strtol(argv[1], &end, 10);
		if (*end || boot < 1 || boot > log->nboots) {
			fprintf(stderr, "smpscope-report: --boot %s: the log has %d boots\n",
				argv[1], log->nboots);
			return 2;
		}
	} else if (argc) {
		return usage();
	}
	if (!log->nboots) {
		fprintf(stderr, "smpscope-report: no smpscope boot (no \"KTAP version 1\" line)\n");
		return 2;
	}
	return print_svg(stdout, log, boot - 1) ? 2 : 0;
}

/* The fleet page of every log given (folders read through), to -o FILE or stdout. */
static int fleet(int argc, char **argv)
{
	static struct fleet f;
	const char *to = NULL;
	char **paths = calloc((size_t)argc + 1, sizeof(*paths));
	int n = 0, rc = 0;
	FILE *out = stdout;

	if (!paths)
		return 2;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc && !to)
			to = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			rc = 2;
		else
			paths[n++] = argv[i];
	}
	if (rc || !n) {
		free(paths);
		return usage();
	}
	if (fleet_read(&f, n, paths))
		rc = 2;
	else if (to && !(out = fopen(to, "w")))
		fprintf(stderr, "smpscope-report: fleet: cannot write %s\n", to), rc = 2;
	else if (print_fleet(out, &f) | (to ? fclose(out) : fflush(out)))
		fprintf(stderr, "smpscope-report: fleet: writing %s failed\n", to ? to : "stdout"),
			rc = 2;
	fleet_free(&f);
	free(paths);
	return rc;
}

int main(int argc, char **argv)
{
	static struct rpt_log log;
	int rc;

	if (argc < 3)
		return usage();
	if (!strcmp(argv[1], "bisect"))
		return bisect(argc - 2, argv + 2);
	if (!strcmp(argv[1], "slots"))
		return argc == 3 ? print_slots(stdout, argv[2]) : usage();
	if (!strcmp(argv[1], "madt"))
		return report_madt(argc - 2, argv + 2);
	if (!strcmp(argv[1], "fleet"))
		return fleet(argc - 2, argv + 2);
	if (read_log(argv[2], &log))
		return 2;
	if (!strcmp(argv[1], "json") && argc == 3) {
		print_json(stdout, &log);
		rc = 0;
	} else if (!strcmp(argv[1], "table") && argc == 3) {
		print_table(stdout, &log);
		rc = 0;
	} else if (!strcmp(argv[1], "check")) {
		rc = check(&log, argc - 3, argv + 3);
	} else if (!strcmp(argv[1], "svg")) {
		rc = svg(&log, argc - 3, argv + 3);
	} else {
		rc = usage();
	}
	rpt_free(&log);
	return rc;
}
