/* SPDX-License-Identifier: MIT */
/*
 * The log kept across a reset (console/lastlog.c) on fake RAM: boots one
 * after another find the newest good log and write the other slot; a log
 * whose checksum fails is never trusted; a marker in another place tells a
 * wiped log from none, and names a log kept where this boot does not look;
 * and every byte reaches RAM (a write-back, console/cacheflush.h) before
 * the length that covers it is stored.
 */
#include <stdlib.h>

#include "../../console/lastlog.c"
#include "unit.h"

#define A 0x2000000ull /* two places, as the defaults */
#define B 0x4000000ull

static char *ram_a, *ram_b;
/* One flag per byte of place A: written back since its last store. */
static unsigned char *clean_a;
static int order_broken, fences;

void cache_writeback_setup(void)
{
}

const char *cache_writeback_how(void)
{
	return "clflush";
}

void cache_writeback_fence(void)
{
	fences++;
}

void cache_writeback(const void *p, size_t n)
{
	const char *c = p;

	if (c < ram_a || c + n > ram_a + LASTLOG_REGION_SIZE)
		return;
	/* The length word goes back only after all the text it counts. */
	if (cur && c == (const char *)&cur->len_sum)
		for (uint32_t i = 0; i < (uint32_t)cur->len_sum; i++)
			if (!clean_a[cur->text + i - ram_a])
				order_broken = 1;
	memset(clean_a + (c - ram_a), 1, n);
}

static void boot(const char *why_off, int both)
{
	struct lastlog_place pl[2] = { { A, ram_a }, { B, ram_b } };

	memset(clean_a, 0, LASTLOG_REGION_SIZE);
	lastlog_start(pl, both ? 2 : 1, why_off);
}

static void say(const char *s)
{
	lastlog_put(s, strlen(s));
}

static void test_boots(void)
{
	const struct lastlog_prev *p = lastlog_previous();

	unit_at("first boot");
	boot(NULL, 1);
	CHECK(!p->found && !p->damaged && !p->wiped && !p->mark_boot, "fresh RAM: nothing found",
	      "found=%d damaged=%d wiped=%d mark=%u", p->found, p->damaged, p->wiped, p->mark_boot);
	CHECK_UINT(p->this_boot, 1, "fresh RAM: boot 1");
	CHECK_UINT(p->keep, A + LASTLOG_MARK_SIZE, "boot 1 writes slot 0");
	say("KTAP version 1\n");
	say("# ev=knobs case=serial\n");
	CHECK(!order_broken, "boot 1: text written back before its length", "out of order");

	unit_at("second boot");
	boot(NULL, 1);
	CHECK(p->found && p->boot == 1 && p->len == 38 &&
		      memcmp(p->text, "KTAP version 1\n", 15) == 0,
	      "boot 2 finds boot 1's log", "found=%d boot=%u len=%u", p->found, p->boot, p->len);
	CHECK_UINT(p->addr, A + LASTLOG_MARK_SIZE, "boot 2: the log's address");
	CHECK_UINT(p->keep, A + LASTLOG_MARK_SIZE + LASTLOG_SLOT_SIZE, "boot 2 writes slot 1");
	CHECK(p->mark_boot == 1 && p->mark_log == p->addr && !p->wiped && !p->elsewhere,
	      "boot 2: boot 1's marker names its log", "mark=%u %#llx", p->mark_boot,
	      (unsigned long long)p->mark_log);
	say("boot 2\n");

	unit_at("lastlog boot");
	boot("case=lastlog", 1);
	CHECK(p->found && p->boot == 2 && p->keep == 0, "a lastlog boot finds boot 2, keeps none",
	      "boot=%u keep=%#llx", p->boot, (unsigned long long)p->keep);
	say("not kept\n");
	boot(NULL, 1);
	CHECK(p->found && p->boot == 2 && p->this_boot == 3 && p->keep == A + LASTLOG_MARK_SIZE,
	      "after it: boot 2 is still the newest, boot 3 writes slot 0", "boot=%u this=%u",
	      p->boot, p->this_boot);
}

/* A log saved to the stick (console/stick.h) is marked in RAM: the next boot sees it saved. */
static void test_saved(void)
{
	const struct lastlog_prev *p = lastlog_previous();
	struct lastlog_place pl = { A, ram_a };

	unit_at("saved");
	memset(ram_a, 0, LASTLOG_REGION_SIZE);
	memset(ram_b, 0, LASTLOG_REGION_SIZE);
	boot(NULL, 0);
	say("boot 1\n");
	lastlog_find(&pl, 1);
	CHECK(p->found && !p->saved && p->keep == 0, "find: boot 1's log, not saved, no copy kept",
	      "found=%d saved=%d keep=%#llx", p->found, p->saved, (unsigned long long)p->keep);
	lastlog_mark_saved(7);
	boot(NULL, 0);
	CHECK(p->found && p->boot == 1 && p->saved && p->saved_slot == 7,
	      "the next boot finds boot 1's log saved to slot 7", "saved=%d slot=%u", p->saved,
	      p->saved_slot);
	say("boot 2\n");
	boot(NULL, 0);
	CHECK(p->found && p->boot == 2 && !p->saved, "boot 2's own log is not saved yet",
	      "boot=%u saved=%d", p->boot, p->saved);
}

static void test_trouble(void)
{
	const struct lastlog_prev *p = lastlog_previous();
	struct slot *s0 = (struct slot *)(ram_a + LASTLOG_MARK_SIZE);

	unit_at("damaged");
	memset(ram_a, 0, LASTLOG_REGION_SIZE);
	boot(NULL, 1);
	say("one line\n");
	s0->text[3] ^= 0x20;
	boot("case=lastlog", 1);
	CHECK(!p->found && p->damaged && p->damaged_at == A + LASTLOG_MARK_SIZE,
	      "a flipped byte: damaged, not trusted", "found=%d damaged=%d at=%#llx", p->found,
	      p->damaged, (unsigned long long)p->damaged_at);

	unit_at("wiped");
	memset(ram_a, 0, LASTLOG_REGION_SIZE);
	memset(ram_b, 0, LASTLOG_REGION_SIZE);
	boot(NULL, 2);
	CHECK_UINT(p->this_boot, 1, "wiped: boot 1 on zeroed RAM");
	say("the hung boot\n");
	memset(ram_a, 0x5a, LASTLOG_REGION_SIZE); /* firmware's data over place A */
	boot("case=lastlog", 2);
	CHECK(!p->found && p->wiped && !p->elsewhere && p->mark_boot == 1 && p->mark_at == B &&
		      p->mark_log == A + LASTLOG_MARK_SIZE,
	      "place A overwritten: the marker in B says boot 1's log is gone",
	      "found=%d wiped=%d mark=%u at=%#llx log=%#llx", p->found, p->wiped, p->mark_boot,
	      (unsigned long long)p->mark_at, (unsigned long long)p->mark_log);

	unit_at("elsewhere");
	memset(ram_a, 0, LASTLOG_REGION_SIZE);
	memset(ram_b, 0, LASTLOG_REGION_SIZE);
	boot(NULL, 2);
	say("kept at A\n");
	{
		struct lastlog_place only_b = { B, ram_b };

		lastlog_start(&only_b, 1, "case=lastlog");
	}
	CHECK(!p->found && !p->wiped && p->elsewhere && p->mark_place == A,
	      "a log where this boot does not look: named, not called wiped",
	      "wiped=%d elsewhere=%d place=%#llx", p->wiped, p->elsewhere,
	      (unsigned long long)p->mark_place);

	unit_at("bad marker");
	((struct mark *)ram_b)->boot ^= 0x100;
	{
		struct lastlog_place only_b = { B, ram_b };

		lastlog_start(&only_b, 1, "case=lastlog");
	}
	CHECK(!p->mark_boot && !p->elsewhere, "a marker whose check fails is ignored", "mark=%u",
	      p->mark_boot);

	unit_at("not RAM");
	{
		struct lastlog_place none = { A, NULL };

		lastlog_start(&none, 1, NULL);
	}
	CHECK(!p->found && p->keep == 0 && p->why_off, "a place that is not RAM: no copy",
	      "keep=%#llx", (unsigned long long)p->keep);
	say("nowhere\n");
}

int main(void)
{
	unit_begin();
	ram_a = calloc(1, LASTLOG_REGION_SIZE);
	ram_b = calloc(1, LASTLOG_REGION_SIZE);
	clean_a = calloc(1, LASTLOG_REGION_SIZE);
	test_boots();
	test_saved();
	test_trouble();
	CHECK(!order_broken && fences > 0, "every length written back after its text",
	      "broken=%d fences=%d", order_broken, fences);
	free(ram_a);
	free(ram_b);
	free(clean_a);
	return unit_done();
}
