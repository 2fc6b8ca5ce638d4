/* SPDX-License-Identifier: MIT */
/*
 * The lastlog case: prints the log an earlier boot kept in RAM
 * (console/persist.c), each line behind "# lastlog: ", so a machine that
 * hung with no serial cable attached still tells its story after a reset.
 */
#include "../console/ktap.h"
#include "../console/log.h"
#include "../console/persist.h"
#include "runner.h"
#include "table.h"

/* Draining every few hundred lines keeps the ring far from full at any line speed. */
#define LINES_PER_DRAIN 200

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

int case_lastlog(const struct config *cfg, const struct bootinfo *bi)
{
	const struct persist_prev *p = persist_previous();

	(void)cfg;
	(void)bi;
	/* This boot's own copy would hold the dump: the earlier log stays the newest. */
	persist_forget_current();
	ev(EV_LASTLOG, "found=%d boot=%u bytes=%u addr=%#llx damaged=%d", p->found, p->boot, p->len,
	   (unsigned long long)p->slot_addr, p->damaged);
	if (p->found)
		dump(p->text, p->len);
	log_drain();
	if (p->why_off)
		ktap_check(0, "lastlog_found", "no log kept: %s", p->why_off);
	else if (p->found)
		ktap_check(1, "lastlog_found", "boot %u's log, %u bytes at %#llx", p->boot, p->len,
			   (unsigned long long)p->slot_addr);
	else
		ktap_check(0, "lastlog_found", "no log of an earlier boot at %#llx%s",
			   (unsigned long long)PERSIST_BASE,
			   p->damaged ? " (one was there, but its checksum does not match: "
					"overwritten by firmware or a loader?)"
				      : " (first boot since power-on?)");
	return p->found;
}
