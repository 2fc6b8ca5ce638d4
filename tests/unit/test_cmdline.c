/* SPDX-License-Identifier: MIT */
/*
 * The command line as the image reads it: the key=value walker
 * (lib/cmdline.c), the real knob table and case presets (cases/knobs.c),
 * console= as a knob (its values: tests/unit/test_console_spec.c) and
 * fault= (cases/fault_parse.c). docs/knobs.md: a bad value is refused with a message naming the
 * knob and the allowed values, whole; the run never starts with a guess, so a silently changed
 * value fails here.
 */
#include "../../cases/config.h"
#include "../../cases/table.h"
#include "unit.h"

static struct config cfg;
static struct cmdline_errors errs;
static char line[1024];

/* Parses from scratch, as the image does once at boot. */
static unsigned parse(const char *text)
{
	memset(&errs, 0, sizeof(errs));
	unit_at(text);
	return config_parse(text, &cfg, &errs);
}

/* Writes prefix, then n copies of c, then suffix into line. */
static const char *repeat(const char *prefix, char c, size_t n, const char *suffix)
{
	size_t p = strlen(prefix);

	memcpy(line, prefix, p);
	memset(line + p, c, n);
	strcpy(line + p + n, suffix);
	return line;
}

static void test_defaults(void)
{
	CHECK(case_find("probe") >= 0, "case table has probe", "case_find(probe) = %d",
	      case_find("probe"));
	CHECK_INT(case_find("nosuch"), -1, "case_find of an unknown name is -1");
	/* Dirty the config first: config_parse must reset it, not merge into it. */
	parse("log=deferred postcode=on tsc_loop_ms=7 console=e9 fault=bsp-ud2");
	CHECK_INT(parse(""), 0, "empty line: no errors");
	CHECK_NO_MSG(&errs, "empty line: no messages");
	CHECK_INT(cfg.case_idx, case_find("probe"), "default case is probe");
	CHECK_INT(cfg.log, LOG_LIVE, "default log=live");
	CHECK_INT(cfg.postcode, OFF, "default postcode=off");
	CHECK_UINT(cfg.timeout_ms, 1000, "default timeout_ms=1000");
	CHECK_UINT(cfg.tsc_loop_ms, 20, "default tsc_loop_ms=20");
	CHECK_INT(cfg.nconsoles, 0, "default: no console= given");
	CHECK_INT(cfg.nfaults, 0, "default: no fault= given");
}

/* A table of its own, to watch the walker apply defaults, a preset, then the line. */
struct toy {
	uint64_t a, b;
	int mode;
};

static const char *const toy_modes[] = { "x", "y", "z", NULL };

static const struct knob toy_table[] = {
	{ "a", knob_set_uint, NULL, NULL, 0, 100, offsetof(struct toy, a), "1", "" },
	{ "b", knob_set_uint, NULL, NULL, 0, 100, offsetof(struct toy, b), "2", "" },
	{ "mode", knob_set_enum, toy_modes, NULL, 0, 0, offsetof(struct toy, mode), "y", "" },
};

static void test_presets(void)
{
	struct toy t = { 0, 0, -1 };
	unsigned n;

	memset(&errs, 0, sizeof(errs));
	cmdline_defaults(toy_table, 3, &t, &errs);
	CHECK(t.a == 1 && t.b == 2 && t.mode == 1 && errs.count == 0, "toy: defaults applied",
	      "a=%llu b=%llu mode=%d errors=%u", (unsigned long long)t.a, (unsigned long long)t.b,
	      t.mode, errs.count);
	n = cmdline_apply(toy_table, 3, &t, "a=10 mode=z", &errs);
	n += cmdline_apply(toy_table, 3, &t, "a=20", &errs);
	CHECK(t.a == 20 && t.b == 2 && t.mode == 2 && n == 0, "toy: preset, then line wins",
	      "a=%llu b=%llu mode=%d errors=%u", (unsigned long long)t.a, (unsigned long long)t.b,
	      t.mode, n);

	/* Every preset of the real table must itself be a valid line. */
	for (size_t i = 0; i < case_count; i++) {
		char name[96];

		memset(&errs, 0, sizeof(errs));
		snprintf(name, sizeof(name), "case %s: its preset parses cleanly",
			 case_table[i].name);
		cmdline_apply(knob_table, knob_count, &cfg, case_table[i].knobs, &errs);
		CHECK_NO_MSG(&errs, name);
	}
	parse("case=probe log=deferred");
	CHECK(errs.count == 0 && cfg.log == LOG_DEFERRED && cfg.case_idx == case_find("probe"),
	      "case=probe log=deferred", "errors=%u log=%d case=%d", errs.count, cfg.log,
	      cfg.case_idx);
	/* The preset applies before the whole line, so a knob before case= still wins. */
	parse("log=deferred case=probe");
	CHECK(errs.count == 0 && cfg.log == LOG_DEFERRED, "log=deferred case=probe keeps deferred",
	      "errors=%u log=%d", errs.count, cfg.log);
	parse("log=deferred log=live");
	CHECK_INT(cfg.log, LOG_LIVE, "the last of a repeated knob wins");
}

static void test_errors(void)
{
	CHECK_INT(parse("case=nosuch"), 1, "case=nosuch: one error");
	CHECK_MSG(&errs, "case=nosuch", "case=nosuch: names the knob and value");
	CHECK_MSG(&errs, "allowed: probe", "case=nosuch: lists probe");
	CHECK_INT(cfg.case_idx, case_find("probe"), "case=nosuch: case stays probe");

	CHECK_INT(parse("tsc_loop_ms=abc"), 1, "tsc_loop_ms=abc: one error");
	CHECK_MSG(&errs, "tsc_loop_ms=abc", "tsc_loop_ms=abc: names the knob");
	CHECK_MSG(&errs, "a number from 1 to 10000", "tsc_loop_ms=abc: gives the range");
	CHECK_MSG(&errs, "not a number", "tsc_loop_ms=abc: says not a number");
	CHECK_UINT(cfg.tsc_loop_ms, 20, "tsc_loop_ms=abc: keeps the default");
	parse("tsc_loop_ms=0");
	CHECK_MSG(&errs, "out of range", "tsc_loop_ms=0: says out of range");

	parse("log=bogus");
	CHECK_MSG(&errs, "log=bogus: unknown value\nallowed: live, deferred",
		  "log=bogus: lists live, deferred on a line of its own");
	CHECK_STR(errs.knob[0], "log", "log=bogus: the error names its knob");
	parse("postcode=on");
	CHECK(errs.count == 0 && cfg.postcode == ON, "postcode=on", "errors=%u postcode=%d",
	      errs.count, cfg.postcode);

	CHECK_INT(parse("bogus=1"), 1, "unknown knob: one error");
	CHECK_MSG(&errs, "unknown knob 'bogus'\n", "unknown knob: named, the list below");
	CHECK_STR(errs.knob[0], "", "unknown knob: no knob of the table named");
	/* The whole table, in order, none cut off: the user learns every knob there is. */
	line[0] = '\0';
	for (size_t i = 0; i < knob_count; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s%s",
			 i ? ", " : "\nknobs: ", knob_table[i].name);
	CHECK_MSG(&errs, line, "unknown knob: lists every knob");
	CHECK(strstr(errs.msg[0], line) && !strcmp(strstr(errs.msg[0], line), line),
	      "unknown knob: the list ends the message", "%s", errs.msg[0]);

	CHECK_INT(parse("case=probe verbose"), 1, "bare word after the first: one error");
	CHECK_MSG(&errs, "'verbose' has no value", "bare word: named");
	CHECK_INT(parse("/boot/smpscope.elf log=deferred"), 0, "first word path: skipped");
	CHECK_INT(cfg.log, LOG_DEFERRED, "first word path: the rest applies");
	CHECK_INT(parse("  \t/boot/x\n log=deferred\r\n"), 0, "tabs, CR and LF separate words");
	CHECK_INT(cfg.log, LOG_DEFERRED, "tabs, CR and LF: the knob applies");
	CHECK_INT(parse("=5"), 1, "a word starting with '=' is an error");
}

static void test_ranges(void)
{
	static const struct {
		const char *line;
		unsigned errors;
		uint64_t tsc, timeout;
	} rows[] = {
		{ "tsc_loop_ms=1", 0, 1, 1000 },
		{ "tsc_loop_ms=10000", 0, 10000, 1000 },
		{ "tsc_loop_ms=0", 1, 20, 1000 },
		{ "tsc_loop_ms=10001", 1, 20, 1000 },
		{ "tsc_loop_ms=0x10", 0, 16, 1000 },
		{ "tsc_loop_ms=-1", 1, 20, 1000 },
		{ "timeout_ms=600000", 0, 20, 600000 },
		{ "timeout_ms=600001", 1, 20, 1000 },
		{ "timeout_ms=18446744073709551616", 1, 20, 1000 },
		{ "timeout_ms=", 1, 20, 1000 },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		unsigned n = parse(rows[i].line);

		CHECK(n == rows[i].errors && cfg.tsc_loop_ms == rows[i].tsc &&
			      cfg.timeout_ms == rows[i].timeout,
		      rows[i].line, "errors=%u tsc_loop_ms=%llu timeout_ms=%llu, want %u %llu %llu",
		      n, (unsigned long long)cfg.tsc_loop_ms, (unsigned long long)cfg.timeout_ms,
		      rows[i].errors, (unsigned long long)rows[i].tsc,
		      (unsigned long long)rows[i].timeout);
	}
}

static void test_words(void)
{
	char val[16];

	CHECK_INT(parse("/boot/x \"log=deferred\""), 0, "quoted word: no error");
	CHECK_INT(cfg.log, LOG_DEFERRED, "quoted word: quotes dropped");
	parse("log=\"deferred\"");
	CHECK_INT(cfg.log, LOG_DEFERRED, "quoted value: quotes dropped");
	/* One error, not two: the quotes kept "a b" one word. */
	CHECK_INT(parse("x=\"a b\" log=deferred"), 1, "quoted space groups one word");
	CHECK_INT(cfg.log, LOG_DEFERRED, "quoted space: the next word still applies");
	parse("log=\"deferred");
	CHECK_INT(cfg.log, LOG_DEFERRED, "unterminated quote ends at the line's end");
	CHECK_INT(cmdline_find("a=1 b=\"x y\" c=2", "b", val, sizeof(val)), 0,
		  "cmdline_find: quoted value found");
	CHECK_STR(val, "x y", "cmdline_find: quoted value");
	cmdline_find("/boot/x case=a case=b", "case", val, sizeof(val));
	CHECK_STR(val, "b", "cmdline_find: the last one wins");
	CHECK_INT(cmdline_find("cases=x", "case", val, sizeof(val)), -1,
		  "cmdline_find: a longer key does not match");
	CHECK_INT(cmdline_find("", "case", val, sizeof(val)), -1, "cmdline_find: empty line");
	cmdline_find("case=abcdef", "case", val, 4);
	CHECK_STR(val, "abc", "cmdline_find: cut to the buffer");

	CHECK_INT(parse(repeat("log=", 'x', 300, "")), 1, "overlong word: one error");
	CHECK_MSG(&errs, "a word longer than 255 characters: log=xxx",
		  "overlong word: named with its start");
	CHECK_INT(cfg.log, LOG_LIVE, "overlong word: not applied");
	/* 12 + 241 + 2 = 255 characters: the longest word there is room for. */
	CHECK_INT(parse(repeat("tsc_loop_ms=", '0', 241, "15")), 0, "255-character word: read");
	CHECK_UINT(cfg.tsc_loop_ms, 15, "255-character word: applied");
	CHECK_INT(parse(repeat("tsc_loop_ms=", '0', 242, "15")), 1, "256-character word: refused");
	CHECK_UINT(cfg.tsc_loop_ms, 20, "256-character word: the cut value is not applied");
	CHECK_INT(cmdline_find(repeat("case=", 'p', 300, ""), "case", val, sizeof(val)), -1,
		  "cmdline_find skips an overlong word");
	parse(repeat("", 'k', 250, "=1"));
	CHECK(errs.count == 1 && strlen(errs.msg[0]) < CMDLINE_ERROR_LEN - 1 &&
		      strstr(errs.msg[0], "kkkkkkkkkk...'\nknobs: case,") &&
		      strstr(errs.msg[0], ", fault"),
	      "long unknown knob: shown by its start, the whole knob list kept",
	      "errors=%u len=%zu", errs.count, strlen(errs.msg[0]));
}

/* The values themselves: tests/unit/test_console_spec.c. Here: console= as a knob. */
static void test_consoles(void)
{
	parse("console=ttyS1,9600 console=e9");
	CHECK(errs.count == 0 && cfg.nconsoles == 2 && cfg.consoles[0].addr == 0x2f8 &&
		      cfg.consoles[0].baud == 9600 && cfg.consoles[1].kind == CON_E9,
	      "console= is repeatable", "errors=%u n=%u port=%#llx baud=%u kind1=%d", errs.count,
	      cfg.nconsoles, (unsigned long long)cfg.consoles[0].addr, cfg.consoles[0].baud,
	      cfg.consoles[1].kind);
	parse("console=bogus");
	CHECK(cfg.nconsoles == 0, "console=bogus: nothing added", "n=%u", cfg.nconsoles);
	CHECK_MSG(&errs, "console=bogus: unknown console", "console=bogus: names the knob");
	CHECK_INT(parse("console=e9 console=e9 console=e9 console=e9 console=e9 console=e9 "
			"console=vga"),
		  1, "seven consoles: one error");
	CHECK_MSG(&errs, "more than 6 consoles", "seven consoles: named");
	CHECK_INT(cfg.nconsoles, CONFIG_MAX_CONSOLES, "seven consoles: six kept");
}

static void test_faults(void)
{
	static const struct {
		const char *item;
		int ok, kind, target;
		uint32_t apic;
		int step;
		long long cycles;
		const char *why;
	} rows[] = {
		{ "stop:alive", 1, FAULT_STOP, FAULT_AT_FIRST_AP, 0, STEP_ALIVE, 0, NULL },
		{ "stop:realmode@0x1f", 1, FAULT_STOP, FAULT_AT_APIC, 0x1f, STEP_REALMODE, 0,
		  NULL },
		{ "exception:c-entry@all", 1, FAULT_EXCEPTION, FAULT_AT_ALL, 0, STEP_C_ENTRY, 0,
		  NULL },
		{ "exception:online@27", 1, FAULT_EXCEPTION, FAULT_AT_APIC, 27, STEP_ONLINE, 0,
		  NULL },
		{ "stop:longmode@0xffffffff", 1, FAULT_STOP, FAULT_AT_APIC, 0xffffffffu,
		  STEP_LONGMODE, 0, NULL },
		{ "nosipi", 1, FAULT_NOSIPI, FAULT_AT_FIRST_AP, 0, STEP_NONE, 0, NULL },
		{ "nosipi@all", 1, FAULT_NOSIPI, FAULT_AT_ALL, 0, STEP_NONE, 0, NULL },
		{ "nosipi@0x1f", 1, FAULT_NOSIPI, FAULT_AT_APIC, 0x1f, STEP_NONE, 0, NULL },
		{ "ghost:0x40", 1, FAULT_GHOST, FAULT_AT_APIC, 0x40, STEP_NONE, 0, NULL },
		{ "stop:gdt@1+5+9", 1, FAULT_STOP, FAULT_AT_APIC, 1, STEP_GDT, 0, NULL },
		{ "nosipi@0x2+0x3", 1, FAULT_NOSIPI, FAULT_AT_APIC, 2, STEP_NONE, 0, NULL },
		{ "esr:vector@5", 1, FAULT_ESR, FAULT_AT_APIC, 5, STEP_NONE, 0, NULL },
		{ "esr:dest", 1, FAULT_ESR, FAULT_AT_FIRST_AP, 0, STEP_NONE, 0, NULL },
		{ "sipi-again@all", 1, FAULT_SIPI_AGAIN, FAULT_AT_ALL, 0, STEP_NONE, 0, NULL },
		{ "bsp-ud2:mid", 1, FAULT_BSP_UD2, FAULT_AT_FIRST_AP, 0, STEP_NONE, 0, NULL },
		{ "esr:bogus", 0, 0, 0, 0, 0, 0, "esr:bogus: the bad IPI is 'vector' or 'dest'" },
		{ "esr", 0, 0, 0, 0, 0, 0, "unknown fault 'esr'" },
		{ "sipi-again:5", 0, 0, 0, 0, 0, 0, "unknown fault 'sipi-again:5'" },
		{ "stop:gdt@1+", 0, 0, 0, 0, 0, 0, "'' is not an APIC ID" },
		{ "stop:gdt@1+2+3+4+5+6+7+8+9", 0, 0, 0, 0, 0, 0, "more than 8 APIC IDs" },
		{ "ghost:1+2", 0, 0, 0, 0, 0, 0, "'1+2' is not an APIC ID" },
		{ "apic-mode:xapic@1+2", 0, 0, 0, 0, 0, 0, "names one AP" },
		{ "ghost:300", 1, FAULT_GHOST, FAULT_AT_APIC, 300, STEP_NONE, 0, NULL },
		{ "tsc-skew:2:1000", 1, FAULT_TSC_SKEW, FAULT_AT_APIC, 2, STEP_NONE, 1000, NULL },
		{ "tsc-skew:0x1b:-5000", 1, FAULT_TSC_SKEW, FAULT_AT_APIC, 0x1b, STEP_NONE, -5000,
		  NULL },
		{ "tsc-skew:1:0x10", 1, FAULT_TSC_SKEW, FAULT_AT_APIC, 1, STEP_NONE, 16, NULL },
		{ "tsc-skew:1:9223372036854775807", 1, FAULT_TSC_SKEW, FAULT_AT_APIC, 1, STEP_NONE,
		  INT64_MAX, NULL },
		{ "bsp-ud2", 1, FAULT_BSP_UD2, FAULT_AT_FIRST_AP, 0, STEP_NONE, 0, NULL },
		{ "reset", 1, FAULT_RESET, FAULT_AT_FIRST_AP, 0, STEP_NONE, 0, NULL },
		{ "stop:nosuch", 0, 0, 0, 0, 0, 0,
		  "unknown step 'nosuch'\nsteps: realmode, gdt, protmode, pae, lme, longmode, "
		  "apicid, slot, stack, c-entry, alive, callin, tsc, online" },
		{ "stop:none", 0, 0, 0, 0, 0, 0, "unknown step 'none'" },
		{ "exception:@all", 0, 0, 0, 0, 0, 0, "unknown step ''" },
		{ "stop", 0, 0, 0, 0, 0, 0, "unknown fault 'stop'\nallowed: " },
		{ "stop:", 0, 0, 0, 0, 0, 0, "unknown fault 'stop:'" },
		{ "stop:alive@", 0, 0, 0, 0, 0, 0, "'' is not an APIC ID" },
		{ "stop:alive@0x100000000", 0, 0, 0, 0, 0, 0, "'0x100000000' is not an APIC ID" },
		{ "stop:alive@-1", 0, 0, 0, 0, 0, 0, "'-1' is not an APIC ID" },
		{ "nosipi@", 0, 0, 0, 0, 0, 0, "'' is not an APIC ID" },
		{ "nosipix", 0, 0, 0, 0, 0, 0, "unknown fault 'nosipix'" },
		/* nosipi takes no ':' argument: the text after it must not be dropped unread. */
		{ "nosipi:5", 0, 0, 0, 0, 0, 0, "nosipi:5" },
		{ "nosipi@3:x", 0, 0, 0, 0, 0, 0, "nosipi@3:x" },
		{ "bsp-ud2:", 0, 0, 0, 0, 0, 0, "bsp-ud2:" },
		{ "ghost", 0, 0, 0, 0, 0, 0, "unknown fault 'ghost'" },
		{ "ghost:", 0, 0, 0, 0, 0, 0, "unknown fault 'ghost:'" },
		{ "ghost:all", 0, 0, 0, 0, 0, 0, "'all' is not an APIC ID" },
		{ "tsc-skew", 0, 0, 0, 0, 0, 0, "unknown fault 'tsc-skew'" },
		{ "tsc-skew:2", 0, 0, 0, 0, 0, 0, "tsc-skew needs <APIC>:<cycles>" },
		{ "tsc-skew:2:", 0, 0, 0, 0, 0, 0, "'' is not a cycle count" },
		{ "tsc-skew::5", 0, 0, 0, 0, 0, 0, "'' is not an APIC ID" },
		{ "tsc-skew:2:-", 0, 0, 0, 0, 0, 0, "'-' is not a cycle count" },
		{ "tsc-skew:2:--5", 0, 0, 0, 0, 0, 0, "'--5' is not a cycle count" },
		{ "tsc-skew:2:9223372036854775808", 0, 0, 0, 0, 0, 0, "is not a cycle count" },
		{ "bsp-ud2:1", 0, 0, 0, 0, 0, 0, "unknown fault 'bsp-ud2:1'" },
		{ "reset:callin", 0, 0, 0, 0, 0, 0, "unknown fault 'reset:callin'" },
		{ "reset@1", 0, 0, 0, 0, 0, 0, "unknown fault 'reset@1'" },
		{ "STOP:alive", 0, 0, 0, 0, 0, 0, "unknown fault 'STOP:alive'" },
		{ "", 0, 0, 0, 0, 0, 0, "unknown fault ''" },
		{ "ghost:00000000000000000000000000000000000000000000000000000000012", 0, 0, 0, 0,
		  0, 0, "is too long" },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct fault f;
		char err[CMDLINE_ERROR_LEN] = "", name[120];
		int rc;

		memset(&f, 0x5a, sizeof(f));
		unit_at(rows[i].item);
		rc = fault_parse(rows[i].item, &f, err, sizeof(err));
		snprintf(name, sizeof(name), "fault=%.64s %s", rows[i].item,
			 rows[i].ok ? "accepted" : "refused");
		if (rows[i].ok)
			CHECK(rc == 0 && (int)f.kind == rows[i].kind &&
				      (int)f.target == rows[i].target && f.apic == rows[i].apic &&
				      (int)f.step == rows[i].step && f.cycles == rows[i].cycles,
			      name, "rc=%d (%s) kind=%d target=%d apic=%#x step=%d cycles=%lld", rc,
			      err, f.kind, f.target, f.apic, f.step, (long long)f.cycles);
		else
			CHECK(rc == -1 && strstr(err, rows[i].why), name,
			      "rc=%d err \"%s\", want \"%s\"", rc, err, rows[i].why);
	}

	{
		struct fault f;
		char err[CMDLINE_ERROR_LEN] = "", want[CMDLINE_ERROR_LEN], text[64];

		/* The grammar comes from the rows of include/fault_kinds.h: the whole list follows.
		 */
		fault_parse("stop", &f, err, sizeof(err));
		snprintf(want, sizeof(want), "unknown fault 'stop'\nallowed: %s", FAULT_GRAMMAR);
		CHECK(strcmp(err, want) == 0, "an unknown fault: the grammar follows", "err \"%s\"",
		      err);
		fault_parse("stop:gdt@1+5+0x1b", &f, err, sizeof(err));
		fault_format(&f, text, sizeof(text));
		CHECK(f.napics == 3 && f.apics[2] == 0x1b &&
			      strcmp(text, "stop:gdt@0x1+0x5+0x1b") == 0,
		      "a target list: parsed and written back", "n=%u text %s", f.napics, text);
		fault_parse("bsp-ud2:mid", &f, err, sizeof(err));
		fault_format(&f, text, sizeof(text));
		CHECK(f.value == 1 && strcmp(text, "bsp-ud2:mid") == 0, "bsp-ud2:mid written back",
		      "value=%u text %s", f.value, text);
		fault_parse("esr:dest@0x5", &f, err, sizeof(err));
		fault_format(&f, text, sizeof(text));
		CHECK(f.value == FAULT_ESR_DEST && strcmp(text, "esr:dest@0x5") == 0,
		      "esr:dest@0x5 written back", "value=%u text %s", f.value, text);
	}
	parse("fault=stop:alive,ghost:5,bsp-ud2");
	CHECK(errs.count == 0 && cfg.nfaults == 3, "three comma-separated faults", "errors=%u n=%u",
	      errs.count, cfg.nfaults);
	CHECK(config_fault(&cfg, FAULT_GHOST) && config_fault(&cfg, FAULT_GHOST)->apic == 5,
	      "config_fault finds ghost:5", "got %p",
	      (const void *)config_fault(&cfg, FAULT_GHOST));
	CHECK(!config_fault(&cfg, FAULT_NOSIPI), "config_fault: NULL for a kind not given", "%s",
	      "got a fault");
	parse("fault=stop:alive fault=nosipi@all");
	CHECK(errs.count == 0 && cfg.nfaults == 2 && cfg.faults[1].target == FAULT_AT_ALL,
	      "fault= is repeatable", "errors=%u n=%u", errs.count, cfg.nfaults);
	parse("fault=stop:bogus");
	CHECK_MSG(&errs, "fault=stop:bogus: unknown step", "fault=stop:bogus names the knob");
	CHECK_INT(parse("fault=nosipi,nosipi,nosipi,nosipi,nosipi,nosipi,nosipi,nosipi"), 0,
		  "eight faults: accepted");
	CHECK_INT(cfg.nfaults, 8, "eight faults: all kept");
	CHECK_INT(parse("fault=nosipi,nosipi,nosipi,nosipi,nosipi,nosipi,nosipi,nosipi,bsp-ud2"), 1,
		  "nine faults: one error");
	CHECK_MSG(&errs, "more than 8 faults", "nine faults: named");
	CHECK_INT(cfg.nfaults, FAULT_MAX, "nine faults: eight kept");
	/*
	 * "ghost:", 57 zeros and "bsp-ud2": 70 characters, not an APIC ID, so one
	 * error. The item buffer of set_fault holds 63; what does not fit must not
	 * be cut off and read as a fault of its own.
	 */
	parse(repeat("fault=ghost:", '0', 57, "bsp-ud2"));
	CHECK(errs.count == 1 && cfg.nfaults == 0, "fault= item over 63 characters is refused",
	      "errors=%u nfaults=%u (kind %d apic %#x, kind %d): the item was cut in two faults",
	      errs.count, cfg.nfaults, cfg.faults[0].kind, cfg.faults[0].apic, cfg.faults[1].kind);
	parse(repeat("fault=ghost:", '0', 57, "12"));
	CHECK_MSG(&errs, "too long", "fault= item over 63 characters: the error says too long");
}

static void test_numbers(void)
{
	static const struct {
		const char *s;
		int rc;
		uint64_t v;
	} rows[] = {
		{ "0", 0, 0 },
		{ "42", 0, 42 },
		{ "0x2f8", 0, 0x2f8 },
		{ "0X2F8", 0, 0x2f8 },
		{ "0xAbC", 0, 0xabc },
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "0xffffffffffffffff", 0, UINT64_MAX },
		{ "0x000000000000000000001", 0, 1 },
		{ "18446744073709551616", -1, 0 },
		{ "99999999999999999999", -1, 0 },
		{ "0x10000000000000000", -1, 0 },
		{ "", -1, 0 },
		{ "0x", -1, 0 },
		{ "12a", -1, 0 },
		{ "-1", -1, 0 },
		{ "+1", -1, 0 },
		{ " 1", -1, 0 },
		{ "1 ", -1, 0 },
		{ "0xg", -1, 0 },
		{ "0b1", -1, 0 },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint64_t v = 0x5a5a;
		char name[64];
		int rc = parse_u64(rows[i].s, &v);

		snprintf(name, sizeof(name), "parse_u64 \"%s\"", rows[i].s);
		/* On failure the output is left alone. */
		CHECK(rc == rows[i].rc && v == (rc ? 0x5a5a : rows[i].v), name,
		      "rc=%d v=%#llx, want rc=%d v=%#llx", rc, (unsigned long long)v, rows[i].rc,
		      (unsigned long long)rows[i].v);
	}
}

static void test_overflow(void)
{
	char buf[16];

	CHECK_INT(parse("a=1 b=1 c=1 d=1 e=1 f=1 g=1 h=1 i=1 j=1"), 10,
		  "ten errors: all counted in the return value");
	CHECK(errs.count == CMDLINE_MAX_ERRORS && errs.dropped == 2,
	      "ten errors: 8 kept, 2 dropped", "count=%u dropped=%u", errs.count, errs.dropped);
	CHECK_HAS(errs.msg[7], "'h'", "ten errors: the eighth is the last kept");
	knob_enum_list(toy_modes, line, 16);
	CHECK_STR(line, "x, y, z", "knob_enum_list");
	memset(buf, 'Z', sizeof(buf));
	knob_enum_list((const char *const[]){ "alpha", "beta", NULL }, buf, 10);
	CHECK(strcmp(buf, "alpha ...") == 0 && buf[10] == 'Z',
	      "knob_enum_list: an item that does not fit is left out whole", "got \"%.8s\"", buf);
	knob_enum_list((const char *const[]){ "ab", "cd", "ef", NULL }, buf, 8);
	CHECK_STR(buf, "ab ...", "knob_enum_list: a list that does not fit ends in ...");
	CHECK_INT(cmdline_wrap("ab cd ef", 5), 5, "cmdline_wrap: two words fit in 5");
	CHECK_INT(cmdline_wrap("ab cd ef", 4), 2, "cmdline_wrap: breaks between words");
	CHECK_INT(cmdline_wrap("abcdefgh ij", 4), 8, "cmdline_wrap: a wide word goes whole");
	CHECK_INT(cmdline_wrap("ab", 80), 2, "cmdline_wrap: a short text is one line");
}

int main(void)
{
	unit_begin();
	test_defaults();
	test_presets();
	test_errors();
	test_ranges();
	test_words();
	test_consoles();
	test_faults();
	test_numbers();
	test_overflow();
	return unit_done();
}
