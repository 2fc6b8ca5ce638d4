/* SPDX-License-Identifier: MIT */
#include "persist.h"

#include "../boot/footprint_image.h"

#define PERSIST_MAGIC 0x676f6c7470637373ull /* "ssctplog" */

struct slot {
	uint64_t magic;
	uint32_t boot, pad;
	/*
	 * Length in the low half, byte sum in the high half, stored at once:
	 * a reset between two stores cannot leave them disagreeing.
	 */
	volatile uint64_t len_sum;
	char text[];
};

#define SLOT_TEXT (PERSIST_SLOT_SIZE - sizeof(struct slot))

static struct slot *cur;
static uint32_t cur_len, cur_sum;
static struct persist_prev prev;

static struct slot *slot_at(int i)
{
	return (struct slot *)(uintptr_t)(PERSIST_BASE + (uint64_t)i * PERSIST_SLOT_SIZE);
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

	if (s->magic != PERSIST_MAGIC)
		return 0;
	if (len > SLOT_TEXT || byte_sum(s->text, len) != (uint32_t)(ls >> 32))
		return -1;
	return 1;
}

/* The footprint's verdict on the slots (boot/footprint_image.c): RAM, and nothing else's. */
static int slots_are_ram(void)
{
	const struct fp_region *r = footprint_region("lastlog");

	return r && r->ok && r->how == FP_FIXED;
}

void persist_start(const struct bootinfo *bi)
{
	int newest = -1, st[2];

	prev.slot_addr = PERSIST_BASE;
	(void)bi;
	if (!slots_are_ram()) {
		prev.why_off = "the memory map does not show 16-18 MiB as RAM";
		return;
	}
	for (int i = 0; i < 2; i++) {
		st[i] = slot_state(slot_at(i));
		prev.damaged |= st[i] < 0;
		if (st[i] > 0 && (newest < 0 || slot_at(i)->boot > slot_at(newest)->boot))
			newest = i;
	}
	if (newest >= 0) {
		const struct slot *s = slot_at(newest);

		prev.found = 1;
		prev.boot = s->boot;
		prev.len = (uint32_t)s->len_sum;
		prev.text = s->text;
		prev.slot_addr = (uint64_t)(uintptr_t)s;
	}
	cur = slot_at(newest == 0 ? 1 : 0);
	cur->magic = 0; /* not a log until its header is whole */
	cur->len_sum = 0;
	cur->boot = prev.found ? prev.boot + 1 : 1;
	cur->magic = PERSIST_MAGIC;
	cur_len = cur_sum = 0;
}

void persist_put(const char *s, size_t n)
{
	if (!cur || n > SLOT_TEXT - cur_len)
		return; /* full: the start of a story beats its end */
	for (size_t i = 0; i < n; i++)
		cur->text[cur_len + i] = s[i];
	cur_len += (uint32_t)n;
	cur_sum += byte_sum(s, n);
	cur->len_sum = (uint64_t)cur_sum << 32 | cur_len;
}

void persist_forget_current(void)
{
	if (cur)
		cur->magic = 0;
	cur = NULL;
}

const struct persist_prev *persist_previous(void)
{
	return &prev;
}
