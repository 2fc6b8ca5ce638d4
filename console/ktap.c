/* SPDX-License-Identifier: MIT */
#include "ktap.h"

#include <stdarg.h>

#include "../lib/fmt.h"
#include "../lib/string.h"
#include "log.h"
#include "screen.h"

#define KTAP_MAX_CHECKS 64
#define KTAP_MSG_MAX	448
/*
 * A check named like its case is written with this suffix: Linux's KTAP
 * parser takes a subtest result that carries its parent's name for the
 * parent's own result line (docs/log-format.md, "Names").
 */
#define KTAP_SAME_NAME_SUFFIX "_check"

enum result { PASS, FAIL, SKIP };

static struct {
	unsigned case_no;
	int open, all_passed;
	char name[48];
	unsigned n, dropped_fail;
	struct {
		enum result r;
		int renamed;
		char name[40];
		char msg[KTAP_MSG_MAX];
	} checks[KTAP_MAX_CHECKS];
} kt = { .all_passed = 1 };

void ktap_start(unsigned ncases)
{
	log_line("KTAP version 1");
	log_line("1..%u", ncases);
}

void ktap_case_begin(const char *name)
{
	kt.open = 1;
	kt.n = 0;
	kt.dropped_fail = 0;
	kt.case_no++;
	str_copy(kt.name, name, sizeof(kt.name));
	screen_case(name);
}

static void record(enum result r, const char *name, const char *msg)
{
	if (kt.n >= KTAP_MAX_CHECKS) {
		/* Past the table, a failure still fails the case. */
		kt.dropped_fail += r == FAIL;
		return;
	}
	kt.checks[kt.n].r = r;
	kt.checks[kt.n].renamed = strcmp(name, kt.name) == 0;
	if (kt.checks[kt.n].renamed)
		fmt_buf(kt.checks[kt.n].name, sizeof(kt.checks[0].name), "%s%s", name,
			KTAP_SAME_NAME_SUFFIX);
	else
		str_copy(kt.checks[kt.n].name, name, sizeof(kt.checks[0].name));
	str_copy(kt.checks[kt.n].msg, msg ? msg : "", KTAP_MSG_MAX);
	kt.n++;
}

void ktap_check(int ok, const char *name, const char *msg, ...)
{
	char buf[KTAP_MSG_MAX];
	va_list ap;

	buf[0] = '\0';
	if (msg) {
		va_start(ap, msg);
		fmt_vbuf(buf, sizeof(buf), msg, ap);
		va_end(ap);
	}
	record(ok ? PASS : FAIL, name, buf);
}

void ktap_skip(const char *name, const char *reason)
{
	record(SKIP, name, reason);
}

/* The verdict on screen: the case's result line, and its first failed check. */
static void show_verdict(int pass)
{
	char line[96], why[KTAP_MSG_MAX + 64];

	why[0] = '\0';
	for (unsigned i = 0; i < kt.n && !pass; i++)
		if (kt.checks[i].r == FAIL) {
			fmt_buf(why, sizeof(why), "not ok %u %s%s%s", i + 1, kt.checks[i].name,
				*kt.checks[i].msg ? " # " : "", kt.checks[i].msg);
			break;
		}
	fmt_buf(line, sizeof(line), "%s %u %s", pass ? "ok" : "not ok", kt.case_no, kt.name);
	screen_verdict(pass, line, why);
}

int ktap_case_end(void)
{
	int pass = kt.dropped_fail == 0;

	if (!kt.open)
		return 0;
	kt.open = 0;
	log_line("    KTAP version 1");
	log_line("    # Subtest: %s", kt.name);
	log_line("    1..%u", kt.n);
	for (unsigned i = 0; i < kt.n; i++) {
		const char *m = kt.checks[i].msg;

		if (kt.checks[i].renamed)
			log_line("    # check %u was named %s, like its case: written as %s", i + 1,
				 kt.name, kt.checks[i].name);
		if (kt.checks[i].r == SKIP)
			log_line("    ok %u %s # SKIP %s", i + 1, kt.checks[i].name, m);
		else if (*m)
			log_line("    %s %u %s # %s", kt.checks[i].r == PASS ? "ok" : "not ok",
				 i + 1, kt.checks[i].name, m);
		else
			log_line("    %s %u %s", kt.checks[i].r == PASS ? "ok" : "not ok", i + 1,
				 kt.checks[i].name);
		pass &= kt.checks[i].r != FAIL;
	}
	if (kt.dropped_fail)
		log_line("    # %u more failed checks did not fit the table", kt.dropped_fail);
	log_line("%s %u %s", pass ? "ok" : "not ok", kt.case_no, kt.name);
	kt.all_passed &= pass;
	show_verdict(pass);
	log_drain();
	return pass;
}

int ktap_case_abort(const char *name, const char *why)
{
	record(FAIL, name, why);
	return ktap_case_end();
}

void ktap_case_skip(const char *name, const char *reason)
{
	kt.case_no++;
	log_line("ok %u %s # SKIP %s", kt.case_no, name, reason);
	log_drain();
}

int ktap_case_open(void)
{
	return kt.open;
}

int ktap_all_passed(void)
{
	return kt.all_passed;
}
