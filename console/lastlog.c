/* SPDX-License-Identifier: MIT */
#include "lastlog.h"

#include "../lib/string.h"
#include "cacheflush.h"

#define SLOT_MAGIC 0x676f6c7470637373ull /* "ssctplog" */
#define MARK_MAGIC 0x6b72616d70637373ull /* "ssctmark" */
#define SAVED_MARK 0x53560000u
#define SAVED_MASK 0xffff0000u

struct slot {
	uint64_t magic;
	uint32_t boot;
	/* SAVED_MARK | the stick slot it went to; 0 until saved (console/stick.h). */
	uint32_t saved;
	/*
	 * Length in the low half, byte sum in the high half, stored at once:
	 * a reset between two stores cannot leave them disagreeing.
	 */
	volatile uint64_t len_sum;
	char text[];
};

#define SLOT_TEXT (LASTLOG_SLOT_SIZE - sizeof(struct slot))

/* At a place's first byte: which boot last wrote a log, and into which slot of which place. */
struct mark {
	uint64_t magic;
	uint32_t boot, slot;
	uint64_t place; /* the place's physical address */
	uint64_t check;
};

static struct slot *cur;
static uint32_t cur_len, cur_sum;
static struct lastlog_prev prev;
/* The newest good log's saved word, which lastlog_mark_saved() sets. */
static volatile uint32_t *saved_word;

static struct slot *slot_of(const struct lastlog_place *p, int i)
{
	return (struct slot *)((char *)p->mem + LASTLOG_MARK_SIZE + (size_t)i * LASTLOG_SLOT_SIZE);
}

static uint64_t slot_addr(const struct lastlog_place *p, int i)
{
	return p->addr + LASTLOG_MARK_SIZE + (uint64_t)i * LASTLOG_SLOT_SIZE;
}

static uint32_t byte_sum(const char *s, size_t n)
{
	uint32_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += (uint8_t)s[i];
	return sum;
}

/* 0: no log of ours; 1: a good one; -1: ours, but its text does not add up. */
static int slot_state(const struct slot *s)
{
	uint64_t ls = s->len_sum;
	uint32_t len = (uint32_t)ls;

	if (s->magic != SLOT_MAGIC)
		return 0;
	if (len > SLOT_TEXT || byte_sum(s->text, len) != (uint32_t)(ls >> 32))
		return -1;
	return 1;
}

/* Any word of a marker changed, by a bit or by firmware's data, changes this. */
static uint64_t mark_check(const struct mark *m)
{
	uint64_t h = m->magic;

	h = (h ^ ((uint64_t)m->slot << 32 | m->boot)) * 0x100000001b3ull;
	h = (h ^ m->place) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

static void write_back(const void *p, size_t n)
{
	cache_writeback(p, n);
	cache_writeback_fence();
}

/* The newest good log, the first damaged slot, and the newest marker, over every place read. */
static void scan(const struct lastlog_place *pl, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const struct mark *m = pl[i].mem;

		if (!m)
			continue;
		for (int k = 0; k < 2; k++) {
			const struct slot *s = slot_of(&pl[i], k);
			int st = slot_state(s);

			if (st < 0 && !prev.damaged) {
				prev.damaged = 1;
				prev.damaged_at = slot_addr(&pl[i], k);
			}
			if (st > 0 && (!prev.found || s->boot > prev.boot)) {
				prev.found = 1;
				prev.boot = s->boot;
				prev.len = (uint32_t)s->len_sum;
				prev.text = s->text;
				prev.addr = slot_addr(&pl[i], k);
				prev.saved = (s->saved & SAVED_MASK) == SAVED_MARK;
				prev.saved_slot = s->saved & ~SAVED_MASK;
				saved_word = (volatile uint32_t *)&s->saved;
			}
		}
		if (m->magic == MARK_MAGIC && m->check == mark_check(m) && m->slot < 2 &&
		    (!prev.mark_boot || m->boot > prev.mark_boot)) {
			prev.mark_boot = m->boot;
			prev.mark_place = m->place;
			prev.mark_log = m->place + LASTLOG_MARK_SIZE + m->slot * LASTLOG_SLOT_SIZE;
			prev.mark_at = pl[i].addr;
		}
	}
}

/* The marker names a boot newer than every good log: is its slot read here, and gone? */
static void check_mark(const struct lastlog_place *pl, unsigned n)
{
	if (!prev.mark_boot || (prev.found && prev.boot >= prev.mark_boot))
		return;
	for (unsigned i = 0; i < n; i++)
		if (pl[i].mem && pl[i].addr == prev.mark_place)
			prev.wiped = 1;
	prev.elsewhere = !prev.wiped;
}

/* The slot of p not holding p's newest good log. */
static int free_slot(const struct lastlog_place *p)
{
	const struct slot *a = slot_of(p, 0), *b = slot_of(p, 1);

	if (slot_state(a) > 0 && (slot_state(b) <= 0 || a->boot > b->boot))
		return 1;
	return 0;
}

static void start_copy(const struct lastlog_place *pl, unsigned n)
{
	int k = free_slot(&pl[0]);

	cur = slot_of(&pl[0], k);
	cur->magic = 0; /* not a log until its header is whole */
	write_back(&cur->magic, sizeof(cur->magic));
	cur->len_sum = 0;
	cur->boot = prev.this_boot;
	cur->saved = 0;
	write_back(cur, sizeof(*cur));
	cur->magic = SLOT_MAGIC;
	write_back(&cur->magic, sizeof(cur->magic));
	cur_len = cur_sum = 0;
	prev.keep = slot_addr(&pl[0], k);
	for (unsigned i = 0; i < n; i++) {
		struct mark *m = pl[i].mem;

		if (!m)
			continue;
		m->magic = MARK_MAGIC;
		m->boot = prev.this_boot;
		m->slot = (uint32_t)k;
		m->place = pl[0].addr;
		m->check = mark_check(m);
		write_back(m, sizeof(*m));
	}
}

void lastlog_find(const struct lastlog_place *places, unsigned n)
{
	memset(&prev, 0, sizeof(prev));
	cur = NULL;
	saved_word = NULL;
	cache_writeback_setup();
	prev.flush = cache_writeback_how();
	scan(places, n);
	check_mark(places, n);
	prev.this_boot = (prev.boot > prev.mark_boot ? prev.boot : prev.mark_boot) + 1;
}

void lastlog_start(const struct lastlog_place *places, unsigned n, const char *why_off)
{
	lastlog_find(places, n);
	prev.why_off = why_off;
	if (!why_off && n && places[0].mem)
		start_copy(places, n);
	else if (!why_off)
		prev.why_off = "no place for it";
}

void lastlog_put(const char *s, size_t n)
{
	if (!cur || n > SLOT_TEXT - cur_len)
		return; /* full: the start of a story beats its end */
	for (size_t i = 0; i < n; i++)
		cur->text[cur_len + i] = s[i];
	/* The text reaches RAM before the length that covers it. */
	write_back(cur->text + cur_len, n);
	cur_len += (uint32_t)n;
	cur_sum += byte_sum(s, n);
	cur->len_sum = (uint64_t)cur_sum << 32 | cur_len;
	write_back((const void *)&cur->len_sum, sizeof(cur->len_sum));
}

void lastlog_mark_saved(unsigned stick_slot)
{
	if (!saved_word)
		return;
	*saved_word = SAVED_MARK | (stick_slot & ~SAVED_MASK);
	write_back((const void *)saved_word, sizeof(*saved_word));
	prev.saved = 1;
	prev.saved_slot = stick_slot & ~SAVED_MASK;
}

const struct lastlog_prev *lastlog_previous(void)
{
	return &prev;
}
