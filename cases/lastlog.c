/* SPDX-License-Identifier: MIT */
/*
 * The lastlog case: prints the log an earlier boot kept in RAM
 * (console/lastlog.c), each line behind "# lastlog: ", so a machine that
 * hung with no serial cable attached still tells its story after a reset.
 * Also the setup and the report every case gets (cases/lastlog.h).
 */
#include "lastlog.h"

#include "../boot/footprint_image.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../console/lastlog.h"
#include "../lib/fmt.h"
#include "../lib/string.h"
#include "case_ops.h"
#include "table.h"

/* Draining every few hundred lines keeps the ring far from full at any line speed. */
#define LINES_PER_DRAIN 200

static int is_case(const struct config *cfg, const char *name)
{
	return strcmp(case_table[cfg->case_idx].name, name) == 0;
}

void lastlog_setup(const struct config *cfg)
{
	struct lastlog_place pl[LASTLOG_PLACES_MAX];
	unsigned n = footprint_lastlog_places(pl);
	const char *why = NULL;

	if (cfg->lastlog == LASTLOG_OFF)
		why = "lastlog=off";
	else if (is_case(cfg, "lastlog"))
		why = "case=lastlog keeps none, so the log it prints stays the newest";
	else if (is_case(cfg, "save"))
		why = "case=save keeps none, so the log it saved stays the newest";
	else if (!n || !pl[0].mem)
		why = cfg->lastlog_addr ? "the lastlog= place is not free RAM by the memory map"
					: "no default place is free RAM by the memory map";
	lastlog_start(pl, n, why);
}

void lastlog_report(void)
{
	const struct lastlog_prev *p = lastlog_previous();
	char keep[24] = "off", damaged[40] = "";

	if (p->keep)
		fmt_buf(keep, sizeof(keep), "%#llx", (unsigned long long)p->keep);
	if (p->damaged)
		fmt_buf(damaged, sizeof(damaged), " damaged_at=%#llx",
			(unsigned long long)p->damaged_at);
	ev(EV_LASTLOG,
	   "found=%d boot=%u bytes=%u addr=%#llx damaged=%d%s wiped=%d mark_boot=%u mark_log=%#llx "
	   "this_boot=%u keep=%s flush=%s",
	   p->found, p->boot, p->len, (unsigned long long)p->addr, p->damaged, damaged, p->wiped,
	   p->mark_boot, (unsigned long long)p->mark_log, p->this_boot, keep, p->flush);
	if (p->wiped)
		log_line("# boot %u's log at %#llx is gone: firmware or the loader wrote over it "
			 "after the reset (a marker at %#llx names it); try another lastlog=ADDR",
			 p->mark_boot, (unsigned long long)p->mark_log,
			 (unsigned long long)p->mark_at);
	else if (p->elsewhere)
		log_line("# boot %u kept its log at %#llx, where this boot does not look: "
			 "boot case=lastlog lastlog=%#llx to read it",
			 p->mark_boot, (unsigned long long)p->mark_log,
			 (unsigned long long)p->mark_place);
	if (p->found)
		log_line("# an older log is kept: boot %u, %u bytes at %#llx; boot case=lastlog to "
			 "read it",
			 p->boot, p->len, (unsigned long long)p->addr);
	if (p->damaged)
		log_line(
			"# the log at %#llx fails its checksum and is not trusted: overwritten, or "
			"the RAM lost power",
			(unsigned long long)p->damaged_at);
	if (p->why_off && strcmp(p->why_off, "lastlog=off") != 0 &&
	    strncmp(p->why_off, "case=", 5) != 0)
		log_line("# this boot keeps no copy of its log: %s", p->why_off);
}

static void dump(const char *text, uint32_t len)
{
	char line[LOG_LINE_MAX - 16];
	size_t n = 0;
	unsigned lines = 0;

	for (uint32_t i = 0; i <= len; i++) {
		char c = i < len ? text[i] : '\n';

		if (c != '\n') {
			if (n + 1 < sizeof(line))
				line[n++] = c >= 0x20 && c < 0x7f ? c : '?';
			continue;
		}
		if (n == 0 && i == len)
			break;
		line[n] = '\0';
		log_line("# lastlog: %s", line);
		n = 0;
		if (++lines % LINES_PER_DRAIN == 0)
			log_drain();
	}
}

static int run(const struct config *cfg, const struct bootinfo *bi)
{
	const struct lastlog_prev *p = lastlog_previous();

	(void)cfg;
	(void)bi;
	if (p->found)
		dump(p->text, p->len);
	log_drain();
	if (p->found)
		ktap_check(1, "lastlog_found", "boot %u's log, %u bytes at %#llx", p->boot, p->len,
			   (unsigned long long)p->addr);
	else if (p->wiped)
		ktap_check(0, "lastlog_found",
			   "boot %u's log at %#llx was overwritten after the reset", p->mark_boot,
			   (unsigned long long)p->mark_log);
	else if (p->elsewhere)
		ktap_check(0, "lastlog_found",
			   "boot %u's log is at %#llx: give lastlog= that place", p->mark_boot,
			   (unsigned long long)p->mark_log);
	else
		ktap_check(0, "lastlog_found", "no log of an earlier boot%s",
			   p->damaged
				   ? " (one fails its checksum: overwritten, or the RAM lost power)"
				   : " (first boot since power-on?)");
	return p->found;
}

/* It starts no AP and injects nothing: fault= is not looked at. */
const struct case_ops lastlog_ops = {
	.run = run,
};
