/* SPDX-License-Identifier: MIT */
/* The knob table: every knob the image takes, with its values, default and help. */
#include <stddef.h>

#include "../console/lastlog.h"
#include "../lib/fmt.h"
#include "../lib/string.h"
#include "config.h"
#include "table.h"

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

/* lastlog=auto|off|ADDR: an address where the identity map lets the image write its place. */
static int set_lastlog(const struct knob *k, const char *val, void *cfg, char *err, size_t errlen)
{
	struct config *c = cfg;
	uint64_t a;

	(void)k;
	for (int i = 0; lastlog_mode_names[i]; i++)
		if (strcmp(val, lastlog_mode_names[i]) == 0) {
			c->lastlog = i;
			c->lastlog_addr = 0;
			return 0;
		}
	if (parse_u64(val, &a) || a < LASTLOG_ADDR_MIN || a % LASTLOG_ADDR_ALIGN ||
	    a > LASTLOG_ADDR_LIMIT - LASTLOG_REGION_SIZE) {
		fmt_buf(err, errlen, "not %s", LASTLOG_GRAMMAR);
		return -1;
	}
	c->lastlog = LASTLOG_AUTO;
	c->lastlog_addr = a;
	return 0;
}

#define CFG(field) offsetof(struct config, field)
/* One row a knob: an enum takes its values from a list in include/knob_values.h. */
#define ENUM_KNOB(name, values, field, def, help)                                                  \
	{                                                                                          \
		name, knob_set_enum, values, NULL, 0, 0, CFG(field), def, help                     \
	}
#define UINT_KNOB(name, min, max, field, def, help)                                                \
	{                                                                                          \
		name, knob_set_uint, NULL, NULL, min, max, CFG(field), def, help                   \
	}
#define TEXT_KNOB(name, set, grammar, help)                                                        \
	{                                                                                          \
		name, set, NULL, grammar, 0, 0, 0, NULL, help                                      \
	}

const struct knob knob_table[] = {
	ENUM_KNOB("case", case_names, case_idx, "probe",
		  "the test case (cases/cases.def); its knob preset applies first"),
	TEXT_KNOB("console", set_console, CONSOLE_SPEC_GRAMMAR,
		  "where the log goes (repeatable); default ttyS0,115200 plus VGA text under BIOS"),
	ENUM_KNOB("log", log_mode_names, log, "live",
		  "live: drain the event ring at every phase boundary; deferred: after the case"),
	ENUM_KNOB("postcode", onoff_names, postcode, "off",
		  "write step codes to port 0x80 for a POST card"),
	ENUM_KNOB("screen", screen_mode_names, screen, "panel",
		  "what the screen shows: the CPU panel over the log, the log alone, or nothing"),
	ENUM_KNOB("flow", flow_names, flow, "serial", "how the APs are brought up (docs/flows.md)"),
	ENUM_KNOB("order", order_names, order, "madt", "the order of the APs in the serial flows"),
	UINT_KNOB("maxcpus", 0, 65536, maxcpus, "0",
		  "bring up at most this many CPUs, the BSP included (0: all)"),
	UINT_KNOB("init_udelay", 0, 1000000, init_udelay, "0",
		  "microseconds between INIT and INIT deassert (10000: the MP spec)"),
	UINT_KNOB("sipi", 0, 2, sipi, "2", "how many STARTUP IPIs to send"),
	UINT_KNOB("sipi_udelay", 0, 1000000, sipi_udelay, "10",
		  "microseconds after each STARTUP IPI (200: the MP spec)"),
	ENUM_KNOB("warm_reset", warm_reset_names, warm_reset, "once",
		  "when the CMOS warm-reset vector is set and put back"),
	ENUM_KNOB("apic", apic_knob_names, apic, "auto",
		  "local APIC mode: auto keeps the firmware's"),
	ENUM_KNOB("apicid_source", apicid_source_names, apicid_source, "register",
		  "the ID an AP finds its slot by: the APIC ID register (Linux 6.5) or CPUID"),
	ENUM_KNOB("ap_wait", ap_wait_names, ap_wait, "spin",
		  "how an AP waits for the BSP: spin as Linux does, or hlt until the BSP's IPI"),
	UINT_KNOB("timeout_ms", 1, 600000, timeout_ms, "1000", "the bound of every wait for an AP"),
	ENUM_KNOB("tsc_sync", tsc_sync_names, tsc_sync, "off",
		  "which APs run the TSC warp test: every, Linux's choice, none (tsc=reliable), "
		  "or every CPU at once after bringup"),
	ENUM_KNOB("tsc_pairs", onoff_names, tsc_pairs, "off",
		  "after bringup, the warp test between the first CPUs of every pair of packages"),
	UINT_KNOB("tsc_loop_ms", 1, 10000, tsc_loop_ms, "20",
		  "length of the TSC warp test per CPU"),
	UINT_KNOB("tsc_trials", 1, 100, tsc_trials, "1",
		  "how many times the TSC test runs: together's window, or every's and linux's "
		  "per-AP tests again after bringup (each trial logged)"),
	ENUM_KNOB("identify", onoff_names, identify, "on",
		  "probe: kick each AP once to read its APIC IDs, then INIT it back; off: no AP"),
	TEXT_KNOB("fault", set_fault, FAULT_GRAMMAR,
		  "inject a fault to test the diagnosis (comma-separated, repeatable)"),
	ENUM_KNOB("park", park_names, park, "hlt",
		  "case=park: how a parked AP waits: hlt, mwait on its line, or a pause loop"),
	ENUM_KNOB("wake", wake_names, wake, "ipi",
		  "case=park: what wakes a parked AP: a fixed IPI, or a store to its line"),
	ENUM_KNOB("park_clobber", onoff_names, park_clobber, "off",
		  "case=park: overwrite each parked AP's line at the end, as a kexec'd kernel may"),
	ENUM_KNOB("ladder", ladder_mode_names, ladder, "continue",
		  "case=all: after a failing rung, stop (the rest are skipped) or continue"),
	ENUM_KNOB("fault_from", case_names, fault_from, "one-ap",
		  "case=all: fault= applies from this rung on; the rungs before run without it"),
	ENUM_KNOB("fw_sim", fw_sim_names, fw_sim, "off",
		  "test-only, refused on metal: x2APIC left on by firmware, on the BSP or on every "
		  "CPU, put in place before the image looks"),
	UINT_KNOB("rounds", 1, 1000, rounds, "1",
		  "bring the APs up this many times in one boot (between= says how they wait)"),
	ENUM_KNOB("between", between_mode_names, between, "park",
		  "between bringups (rungs, rounds) and after identify: APs parked in hlt until "
		  "the next kick's INIT, or sent INIT at once (wait-for-SIPI)"),
	ENUM_KNOB("on_exit", on_exit_names, on_exit, "auto",
		  "after the verdict: auto (the emulator's exit port if one is found, else halt), "
		  "halt or reboot"),
	TEXT_KNOB("lastlog", set_lastlog, LASTLOG_GRAMMAR,
		  "where the log's copy is kept across a reset: auto (the first default place that "
		  "is free RAM), off (none; an older one is still reported), or an address"),
	ENUM_KNOB("save", save_mode_names, save, "auto",
		  "auto: save the previous boot's log kept in RAM to the stick booted from, "
		  "unless saved already; off: leave the stick alone"),
};

const size_t knob_count = sizeof(knob_table) / sizeof(knob_table[0]);

unsigned config_parse_as(const char *line, int case_idx, struct config *cfg,
			 struct cmdline_errors *errs)
{
	unsigned before = errs->count + errs->dropped;

	memset(cfg, 0, sizeof(*cfg));
	cmdline_defaults(knob_table, knob_count, cfg, errs);
	if (case_idx >= 0)
		cmdline_apply(knob_table, knob_count, cfg, case_table[case_idx].knobs, errs);
	cmdline_apply(knob_table, knob_count, cfg, line, errs);
	if (case_idx >= 0)
		cfg->case_idx = case_idx;
	return errs->count + errs->dropped - before;
}

unsigned config_parse(const char *line, struct config *cfg, struct cmdline_errors *errs)
{
	char name[64];

	if (cmdline_find(line, "case", name, sizeof(name)) == 0)
		return config_parse_as(line, case_find(name), cfg, errs);
	return config_parse_as(line, -1, cfg, errs);
}

const struct fault *config_fault(const struct config *cfg, enum fault_kind kind)
{
	for (unsigned i = 0; i < cfg->nfaults; i++)
		if (cfg->faults[i].kind == kind)
			return &cfg->faults[i];
	return NULL;
}
