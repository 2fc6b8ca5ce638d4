/* SPDX-License-Identifier: MIT */
/* The knob table: every knob the image takes, with its values, default and help. */
#include <stddef.h>

#include "../lib/fmt.h"
#include "../lib/string.h"
#include "config.h"
#include "table.h"

static int set_case(const struct knob *k, const char *val, void *cfg, char *err, size_t errlen)
{
	int idx = case_find(val);
	size_t o;

	(void)k;
	if (idx >= 0) {
		((struct config *)cfg)->case_idx = idx;
		return 0;
	}
	o = fmt_buf(err, errlen, "unknown case; allowed: ");
	for (size_t i = 0; i < case_count && o < errlen; i++)
		o += fmt_buf(err + o, errlen - o, "%s%s", i ? ", " : "", case_table[i].name);
	return -1;
}

static int set_console(const struct knob *k, const char *val, void *cfg, char *err, size_t errlen)
{
	struct config *c = cfg;

	(void)k;
	if (c->nconsoles >= CONFIG_MAX_CONSOLES) {
		fmt_buf(err, errlen, "more than %d consoles", CONFIG_MAX_CONSOLES);
		return -1;
	}
	if (console_spec_parse(val, &c->consoles[c->nconsoles], err, errlen))
		return -1;
	c->nconsoles++;
	return 0;
}

static int set_fault(const struct knob *k, const char *val, void *cfg, char *err, size_t errlen)
{
	struct config *c = cfg;
	char item[64];

	(void)k;
	while (*val) {
		const char *comma = strchr(val, ',');
		size_t len = comma ? (size_t)(comma - val) : strlen(val);

		if (c->nfaults >= FAULT_MAX) {
			fmt_buf(err, errlen, "more than %d faults", FAULT_MAX);
			return -1;
		}
		if (len >= sizeof(item)) {
			fmt_buf(err, errlen, "fault '%.20s...' is too long", val);
			return -1;
		}
		memcpy(item, val, len);
		item[len] = '\0';
		if (fault_parse(item, &c->faults[c->nfaults], err, errlen))
			return -1;
		c->nfaults++;
		val += comma ? len + 1 : len;
	}
	return 0;
}

#define CFG(field) offsetof(struct config, field)

const struct knob knob_table[] = {
	{ "case", set_case, "a case name", 0, 0, CFG(case_idx), "probe",
	  "the test case; its knob preset applies first" },
	{ "console", set_console, CONSOLE_SPEC_GRAMMAR, 0, 0, 0, NULL,
	  "where the log goes (repeatable); default ttyS0,115200 plus VGA text under BIOS" },
	{ "log", knob_set_enum, "live|deferred", 0, 0, CFG(log), "live",
	  "live: drain the event ring at every phase boundary; deferred: after the case" },
	{ "postcode", knob_set_enum, "off|on", 0, 0, CFG(postcode), "off",
	  "write step codes to port 0x80 for a POST card" },
	{ "flow", knob_set_enum, "serial|early-kick|kick-before-prepare|parallel|broadcast", 0, 0,
	  CFG(flow), "serial", "how the APs are brought up (docs/flows.md)" },
	{ "order", knob_set_enum, "madt|primaries-first|siblings-first|reverse", 0, 0, CFG(order),
	  "madt", "the order of the APs in the serial flows" },
	{ "maxcpus", knob_set_uint, NULL, 0, 65536, CFG(maxcpus), "0",
	  "bring up at most this many CPUs, the BSP included (0: all)" },
	{ "init_udelay", knob_set_uint, NULL, 0, 1000000, CFG(init_udelay), "0",
	  "microseconds between INIT and INIT deassert (10000: the MP spec)" },
	{ "sipi", knob_set_uint, NULL, 0, 2, CFG(sipi), "2", "how many STARTUP IPIs to send" },
	{ "sipi_udelay", knob_set_uint, NULL, 0, 1000000, CFG(sipi_udelay), "10",
	  "microseconds after each STARTUP IPI (200: the MP spec)" },
	{ "warm_reset", knob_set_enum, "per-cpu|once|off", 0, 0, CFG(warm_reset), "once",
	  "when the CMOS warm-reset vector is set and put back" },
	{ "apic", knob_set_enum, "auto|xapic|x2apic", 0, 0, CFG(apic), "auto",
	  "local APIC mode: auto keeps the firmware's" },
	{ "ap_wait", knob_set_enum, "spin|hlt", 0, 0, CFG(ap_wait), "spin",
	  "how an AP waits for the BSP: spin as Linux does, or hlt until the BSP's IPI" },
	{ "timeout_ms", knob_set_uint, NULL, 1, 600000, CFG(timeout_ms), "1000",
	  "the bound of every wait for an AP" },
	{ "tsc_sync", knob_set_enum, "every|linux|off", 0, 0, CFG(tsc_sync), "off",
	  "which APs run the TSC warp test: every, Linux's choice, or none (tsc=reliable)" },
	{ "tsc_pairs", knob_set_enum, "off|on", 0, 0, CFG(tsc_pairs), "off",
	  "after bringup, the warp test between the first CPUs of every pair of packages" },
	{ "tsc_loop_ms", knob_set_uint, NULL, 1, 10000, CFG(tsc_loop_ms), "20",
	  "length of the TSC warp test per CPU" },
	{ "fault", set_fault, FAULT_GRAMMAR, 0, 0, 0, NULL,
	  "inject a fault to test the diagnosis (comma-separated, repeatable)" },
};

const size_t knob_count = sizeof(knob_table) / sizeof(knob_table[0]);

unsigned config_parse(const char *line, struct config *cfg, struct cmdline_errors *errs)
{
	unsigned before = errs->count + errs->dropped;
	char name[64];

	memset(cfg, 0, sizeof(*cfg));
	cmdline_defaults(knob_table, knob_count, cfg, errs);
	if (cmdline_find(line, "case", name, sizeof(name)) == 0) {
		int idx = case_find(name);

		if (idx >= 0)
			cmdline_apply(knob_table, knob_count, cfg, case_table[idx].knobs, errs);
	}
	cmdline_apply(knob_table, knob_count, cfg, line, errs);
	return errs->count + errs->dropped - before;
}

const struct fault *config_fault(const struct config *cfg, enum fault_kind kind)
{
	for (unsigned i = 0; i < cfg->nfaults; i++)
		if (cfg->faults[i].kind == kind)
			return &cfg->faults[i];
	return NULL;
}
