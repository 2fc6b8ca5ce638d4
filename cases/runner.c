/* SPDX-License-Identifier: MIT */
#include "runner.h"

#include "../arch/bootinfo.h"
#include "../arch/identity.h"
#include "../arch/physmap.h"
#include "../boot/emulator.h"
#include "../boot/exception.h"
#include "../boot/exit.h"
#include "../boot/footprint_image.h"
#include "../boot/mce.h"
#include "../boot/smbios.h"
#include "../console/console.h"
#include "../console/fb.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../console/postcode.h"
#include "../console/screen.h"
#include "../include/hw/bios.h"
#include "../lib/fmt.h"
#include "../lib/string.h"
#include "config.h"
#include "consolelog.h"
#include "fault_accept.h"
#include "fwsim.h"
#include "knobs_log.h"
#include "lastlog.h"
#include "ops_table.h"
#include "save.h"
#include "screen.h"
#include "table.h"

static struct config cfg;
static struct cmdline_errors errs;
/* The case under way, once the runner has started it: its cleanup and rest (cases/case_ops.h). */
static const struct case_ops *running;

void runner_fail_now(const char *check, const char *why)
{
	postcode(POST_EXCEPTION);
	screen_diagnosis("BSP: %s: %s", check, why);
	if (running && running->cleanup)
		running->cleanup();
	if (!ktap_case_open())
		ktap_case_begin("boot");
	ktap_case_abort(check, why);
	if (running && running->rest)
		running->rest(why);
	machine_exit(0);
}

/*
 * The machine's identity goes before the command line, the one value that may be long enough
 * to be cut at the line's end: a fleet page names the machine by it (docs/report.md).
 */
static void log_boot(const struct bootinfo *bi)
{
	char loader[128], cmdline[BOOTINFO_CMDLINE_MAX + 16], brand[CPU_BRAND_LEN + 16];
	char vendor[CPU_VENDOR_LEN + 16], fw[EMULATOR_VENDOR_LEN], bios[EMULATOR_VENDOR_LEN + 16];
	struct cpu_identity id;

	cpu_identity_read(&id);
	if (smbios_bios_vendor(&phys_identity, SMBIOS_SCAN_BASE, SMBIOS_SCAN_SIZE, fw, sizeof(fw)))
		fw[0] = '\0';
	fmt_quote(loader, sizeof(loader), bi->loader[0] ? bi->loader : "unknown");
	fmt_quote(vendor, sizeof(vendor), id.vendor);
	fmt_quote(brand, sizeof(brand), id.brand[0] ? id.brand : "none");
	fmt_quote(bios, sizeof(bios), fw[0] ? fw : "none");
	fmt_quote(cmdline, sizeof(cmdline), bi->cmdline);
	ev(EV_BOOT,
	   "proto=multiboot%d loader=%s efi=%d fb_type=%d fb=%ux%ux%u cpu_vendor=%s family=%#x "
	   "model=%#x stepping=%u brand=%s bios_vendor=%s cmdline=%s",
	   bi->proto, loader, bi->efi, bi->fb_type, bi->fb_width, bi->fb_height, bi->fb_bpp, vendor,
	   id.family, id.model, id.stepping, brand, bios, cmdline);
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

static void __attribute__((noreturn)) fw_sim_refuse(const char *name)
{
	ktap_case_begin(name);
	ktap_check(0, "fw_sim", "%s", fw_sim_refusal());
	ktap_case_end();
	machine_exit(0);
}

/*
 * The case's top-level test: begun here, named after the case, unless the
 * case begins its own (case=all's rungs). Returns what run returned, or 0
 * when a fault was refused.
 */
static int run_case(const struct case_ops *ops, const char *name, const struct bootinfo *bi)
{
	if (ops->own_tests)
		return ops->run(&cfg, bi);
	ktap_case_begin(name);
	exception_set_step(name);
	if (ops->takers && !fault_accept(&cfg, ops->takers(&cfg)))
		return 0;
	return ops->run(&cfg, bi);
}

void runner_main(const struct bootinfo *bi)
{
	const struct case_ops *ops;
	int vga_text = bi->fb_type == FB_EGA_TEXT || (bi->fb_type == FB_NONE && !bi->efi);
	int ran, fw_refused;

	exception_set_fatal_hook(runner_fail_now);
	postcode(POST_C_ENTRY);
	config_parse(bi->cmdline, &cfg, &errs);
	machine_exit_setup(cfg.on_exit);
	/* Before anything reads the APIC: the state fw_sim= names is the firmware's to the rest. */
	fw_refused = !errs.count && fw_sim_apply(&cfg);
	postcode_enable(cfg.postcode == ON);
	postcode(POST_KNOBS);
	footprint_check(bi, cfg.lastlog_addr);
	lastlog_setup(&cfg);
	/* Before the consoles: under BIOS the PIC, IVT and low memory are the firmware's. */
	save_bios(&cfg, bi);
	ops = case_ops_of(cfg.case_idx);
	/* The case's plan (case=all: one test a rung); knob errors make one case, "knobs". */
	ktap_start(!errs.count && !errs.dropped && !fw_refused && ops->plan ? ops->plan() : 1);
	screen_set_mode(cfg.screen);
	screen_show_header(&cfg, bi);
	fb_init(bi);
	consolelog(con_setup(cfg.consoles, cfg.nconsoles, vga_text, bi));
	postcode(POST_CONSOLES);
	log_boot(bi);
	/* Errors the BSP's banks held from before this boot (boot/mce.c). */
	(void)mce_log_new(NULL);
	if (bi->proto)
		footprint_log();
	lastlog_report();
	save_report();
	log_drain();
	if (bi->proto == 0)
		runner_fail_now("multiboot",
				"not entered by a multiboot loader; see ev=boot-problem");
	footprint_enforce();
	if (errs.count || errs.dropped)
		knob_errors();

	knobs_log(&cfg);
	fw_sim_log(&cfg);
	if (fw_refused)
		fw_sim_refuse(case_table[cfg.case_idx].name);
	postcode(POST_CASE);
	running = ops;
	ran = run_case(ops, case_table[cfg.case_idx].name, bi);
	if (ops->cleanup)
		ops->cleanup();
	exception_set_step("exit");
	if (ops->own_tests)
		ran = ran && ktap_all_passed();
	else
		ran = ktap_case_end() && ran;
	postcode(ran ? POST_PASS : POST_FAIL);
	machine_exit(ran);
}
