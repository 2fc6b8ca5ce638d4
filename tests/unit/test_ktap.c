/* SPDX-License-Identifier: MIT */
/*
 * The KTAP writer (console/ktap.c), built against a log that keeps its lines
 * here: a check named like its case must not reach the log under that name,
 * since Linux's KTAP parser would read it as the case's own result
 * (docs/log-format.md, "Names").
 */
#include "../../console/ktap.c"
#include "unit.h"

static char logged[4096];

void log_line(const char *fmt, ...)
{
	size_t used = strlen(logged);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(logged + used, sizeof(logged) - used - 1, fmt, ap);
	va_end(ap);
	strcat(logged, "\n");
}

void log_drain(void)
{
}

static int has_line(const char *line)
{
	size_t n = strlen(line);

	for (const char *p = logged; (p = strstr(p, line)) != NULL; p++)
		if ((p == logged || p[-1] == '\n') && p[n] == '\n')
			return 1;
	return 0;
}

/* A '#' in a KTAP description starts a directive: the expected line is named with '|' for it. */
static void expect_line(const char *line)
{
	char shown[256];
	size_t i;

	for (i = 0; line[i] && i + 1 < sizeof(shown); i++)
		shown[i] = line[i] == '#' ? '|' : line[i];
	shown[i] = '\0';
	unit_check(has_line(line), unit_name("logs '%s'", shown), "log was:\n%s", logged);
}

int main(void)
{
	unit_begin();
	ktap_start(2);
	ktap_case_begin("knobs");
	ktap_check(0, "knobs", "unknown knob '%s'", "x");
	ktap_check(1, "other", NULL);
	ktap_case_end();
	expect_line("    # check 1 was named knobs, like its case: written as knobs_check");
	expect_line("    not ok 1 knobs_check # unknown knob 'x'");
	expect_line("    ok 2 other");
	expect_line("not ok 1 knobs");
	unit_check(!has_line("    not ok 1 knobs # unknown knob 'x'"), "no subtest named knobs",
		   "log was:\n%s", logged);

	logged[0] = '\0';
	ktap_case_begin("boot");
	ktap_case_abort("multiboot", "not entered by a multiboot loader");
	expect_line("    not ok 1 multiboot # not entered by a multiboot loader");
	expect_line("not ok 2 boot");
	unit_check(!strstr(logged, "was named"), "other names pass unchanged", "log was:\n%s",
		   logged);

	/* case=all, ladder=stop: a rung not run is a numbered top-level skip, no subtests. */
	logged[0] = '\0';
	ktap_case_skip("parallel", "ladder=stop: rung 3 (serial) failed");
	expect_line("ok 3 parallel # SKIP ladder=stop: rung 3 (serial) failed");
	unit_check(!strstr(logged, "Subtest"), "a skipped case has no subtests", "log was:\n%s",
		   logged);
	unit_check(!ktap_all_passed(), "a skip does not make the run pass again", "%s", logged);
	return unit_done();
}
