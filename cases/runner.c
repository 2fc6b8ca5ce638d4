/* SPDX-License-Identifier: MIT */
#include "runner.h"

#include "../arch/bootinfo.h"
#include "../boot/exception.h"
#include "../boot/exit.h"
#include "../boot/footprint_image.h"
#include "../console/console.h"
#include "../console/fb.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../console/postcode.h"
#include "../console/screen.h"
#include "../lib/fmt.h"
#include "../lib/string.h"
#include "consolelog.h"
#include "header.h"
#include "lastlog.h"
#include "ladder.h"
#include "table.h"

static struct config cfg;
static struct cmdline_errors errs;
static void (*cleanup)(void);
static void (*rest)(const char *why);

void runner_boundary(const struct config *c)
{
	if (c->log == LOG_LIVE)
		log_drain();
}

void runner_fail_now(const char *check, const char *why)
{
	postcode(POST_EXCEPTION);
	screen_diagnosis("BSP: %s: %s", check, why);
	if (cleanup)
		cleanup();
	if (!ktap_case_open())
		ktap_case_begin("boot");
	ktap_case_abort(check, why);
	if (rest)
		rest(why);
	machine_exit(0);
}

static void log_boot(const struct bootinfo *bi)
{
	char loader[128], cmdline[BOOTINFO_CMDLINE_MAX + 16];

	fmt_quote(loader, sizeof(loader), bi->loader[0] ? bi->loader : "unknown");
	fmt_quote(cmdline, sizeof(cmdline), bi->cmdline);
	ev(EV_BOOT, "proto=multiboot%d loader=%s efi=%d fb_type=%d fb=%ux%ux%u cmdline=%s",
	   bi->proto, loader, bi->efi, bi->fb_type, bi->fb_width, bi->fb_height, bi->fb_bpp,
	   cmdline);
	if (bi->has_meminfo)
		ev(EV_MEMMAP, "lower_kb=%u upper_kb=%u entries=%u dropped=%u", bi->mem_lower_kb,
		   bi->mem_upper_kb, bi->nmmap, bi->mmap_dropped);
	for (unsigned i = 0; i < bi->nmmap; i++)
		ev(EV_MEMMAP, "base=%#llx len=%#llx type=%u", (unsigned long long)bi->mmap[i].base,
		   (unsigned long long)bi->mmap[i].len, bi->mmap[i].type);
	for (unsigned i = 0; i < bi->problems.count; i++) {
		char q[DIAG_LEN + 16];

		fmt_quote(q, sizeof(q), bi->problems.msg[i]);
		ev(EV_BOOT_PROBLEM, "msg=%s", q);
	}
}

int runner_check_faults(const struct config *c, unsigned injectable)
{
	int ok = 1;

	for (unsigned i = 0; i < c->nfaults; i++) {
		if (injectable & (1u << c->faults[i].kind))
			continue;
		ktap_check(0, "fault", "fault=%s cannot be injected by case %s",
			   fault_kind_names[c->faults[i].kind], case_table[c->case_idx].name);
		ok = 0;
	}
	return ok;
}

void runner_set_cleanup(void (*fn)(void))
{
	cleanup = fn;
}

void runner_set_rest(void (*fn)(const char *why))
{
	rest = fn;
}

/* Every knob in force, as the table names them, so a log says exactly what ran. */
void runner_log_knobs(const struct config *c)
{
	char buf[LOG_LINE_MAX - 16];
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < knob_count && o < sizeof(buf); i++) {
		const struct knob *k = &knob_table[i];
		const char *sep = o ? " " : "";

		if (k->values)
			o += fmt_buf(buf + o, sizeof(buf) - o, "%s%s=%s", sep, k->name,
				     knob_value_name(k, c));
		else if (k->set == knob_set_uint)
			o += fmt_buf(buf + o, sizeof(buf) - o, "%s%s=%llu", sep, k->name,
				     *(const unsigned long long *)((const char *)c + k->offset));
	}
	if (o < sizeof(buf) && cfg.lastlog_addr)
		o += fmt_buf(buf + o, sizeof(buf) - o, " lastlog=%#llx",
			     (unsigned long long)cfg.lastlog_addr);
	else if (o < sizeof(buf))
		o += fmt_buf(buf + o, sizeof(buf) - o, " lastlog=%s",
			     lastlog_mode_names[cfg.lastlog]);
	if (o < sizeof(buf))
		o += fmt_buf(buf + o, sizeof(buf) - o, " consoles=%u faults=%s", c->nconsoles,
			     c->nfaults ? "" : "none");
	for (unsigned i = 0; i < c->nfaults && o < sizeof(buf); i++) {
		o += fmt_buf(buf + o, sizeof(buf) - o, "%s", i ? "," : "");
		if (o < sizeof(buf))
			o += fault_format(&c->faults[i], buf + o, sizeof(buf) - o);
	}
	ev(EV_KNOBS, "%s", buf);
}

/* As wide as the VGA text screen, so every console shows a list line whole. */
#define LIST_COLS 80

/* A list ("knobs: a, b, ...") on lines of its own, wrapped between words, never cut. */
static void log_list(const char *list)
{
	const char *lead = "# ";

	while (*list) {
		size_t n = cmdline_wrap(list, LIST_COLS - strlen(lead));

		log_line("%s%.*s", lead, (int)n, list);
		list += n;
		while (*list == ' ')
			list++;
		lead = "#   ";
	}
}

/*
 * The check that reports error i: named by the knob refused, never by its
 * parent case "knobs" (a KTAP parser takes a subtest of its parent's name
 * for the parent's result), and numbered when a knob is refused twice.
 */
static void check_name(unsigned i, char *name, size_t size)
{
	static const char *const kinds[] = {
		[CMDLINE_UNKNOWN_KNOB] = "unknown_knob",
		[CMDLINE_NOT_A_KNOB] = "not_a_knob",
		[CMDLINE_TOO_LONG] = "word_too_long",
	};
	unsigned same = 1;

	if (errs.kind[i] == CMDLINE_BAD_VALUE)
		fmt_buf(name, size, "knob_%s", errs.knob[i]);
	else
		fmt_buf(name, size, "%s", kinds[errs.kind[i]]);
	for (unsigned j = 0; j < i; j++)
		same += errs.kind[j] == errs.kind[i] && strcmp(errs.knob[j], errs.knob[i]) == 0;
	if (same > 1)
		fmt_buf(name + strlen(name), size - strlen(name), "_%u", same);
}

static void __attribute__((noreturn)) knob_errors(void)
{
	ktap_case_begin("knobs");
	for (unsigned i = 0; i < errs.count; i++) {
		char *list = strchr(errs.msg[i], '\n');
		char q[CMDLINE_ERROR_LEN + 16], name[48];

		if (list)
			*list++ = '\0';
		fmt_quote(q, sizeof(q), errs.msg[i]);
		ev(EV_KNOB_ERROR, "msg=%s", q);
		if (list)
			log_list(list);
		check_name(i, name, sizeof(name));
		ktap_check(0, name, "%s", errs.msg[i]);
	}
	if (errs.dropped)
		ktap_check(0, "more_knob_errors", "%u more knob errors", errs.dropped);
	ktap_case_end();
	machine_exit(0);
}

void runner_main(const struct bootinfo *bi)
{
	const struct case_def *c;
	int vga_text = bi->fb_type == FB_EGA_TEXT || (bi->fb_type == FB_NONE && !bi->efi);
	int ran;

	exception_set_fatal_hook(runner_fail_now);
	postcode(POST_C_ENTRY);
	config_parse(bi->cmdline, &cfg, &errs);
	machine_exit_setup(cfg.on_exit);
	postcode_enable(cfg.postcode == ON);
	postcode(POST_KNOBS);
	footprint_check(bi, cfg.lastlog_addr);
	lastlog_setup(&cfg);
	/* case=all writes one top-level test per rung; knob errors make one case, "knobs". */
	ktap_start(!errs.count && !errs.dropped && case_table[cfg.case_idx].run == case_ladder
			   ? ladder_rungs()
			   : 1);
	screen_set_mode(cfg.screen);
	header_show(&cfg, bi);
	fb_init(bi);
	consolelog(con_setup(cfg.consoles, cfg.nconsoles, vga_text, bi));
	postcode(POST_CONSOLES);
	log_boot(bi);
	if (bi->proto)
		footprint_log();
	lastlog_report();
	log_drain();
	if (bi->proto == 0)
		runner_fail_now("multiboot",
				"not entered by a multiboot loader; see ev=boot-problem");
	footprint_enforce();
	if (errs.count || errs.dropped)
		knob_errors();

	c = &case_table[cfg.case_idx];
	runner_log_knobs(&cfg);
	postcode(POST_CASE);
	if (c->run == case_ladder) {
		/* Its rungs are the top-level tests: it begins and ends each itself. */
		ran = case_ladder(&cfg, bi);
		if (cleanup)
			cleanup();
		exception_set_step("exit");
		ran = ran && ktap_all_passed();
		postcode(ran ? POST_PASS : POST_FAIL);
		machine_exit(ran);
	}
	ktap_case_begin(c->name);
	exception_set_step(c->name);
	ran = c->run(&cfg, bi);
	if (cleanup)
		cleanup();
	exception_set_step("exit");
	ran = ktap_case_end() && ran;
	postcode(ran ? POST_PASS : POST_FAIL);
	machine_exit(ran);
}
