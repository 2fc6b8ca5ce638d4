/* SPDX-License-Identifier: MIT */
/*
 * The save (console/stick.h). The ring's order is in the slots' own
 * headers (a save number), so no index is rewritten and no write outside
 * the slot is ever needed. The text goes first and the header last: a save
 * cut short leaves the old header over new text, whose checksum then fails,
 * and the next save writes the same slot again (docs/report.md, "Slots").
 */
#include "stick.h"

#include "../lib/crc32.h"
#include "../lib/fmt.h"
#include "../lib/string.h"

#define SLOT_SECTORS (STICK_SLOT_BYTES / STICK_SECTOR)

static uint8_t chunk[STICK_IO_MAX * STICK_SECTOR];

/* A header of this volume for this slot: the ring counts it. */
static int counts(const struct stick_vol *v, const struct stick_seen *s, unsigned i)
{
	return s->state == STICK_HEAD_OK && s->head.volume_id == v->volume_id && s->head.slot == i;
}

/* May slot i be written? NULL, or why not. */
static const char *refusal(const struct stick_vol *v, const struct stick_seen *s, unsigned i)
{
	if (v->slot_refused[i])
		return v->slot_refused[i];
	if (s->state == STICK_HEAD_FOREIGN)
		return "its first sector is not a header of ours";
	if (s->state == STICK_HEAD_OK && !counts(v, s, i))
		return "its header names another slot or FAT";
	return NULL;
}

int stick_next_slot(const struct stick_vol *v, const struct stick_seen *seen, uint64_t *seq)
{
	unsigned n = v->ix.count, newest = n - 1;
	uint64_t top = 0;

	for (unsigned i = 0; i < n; i++)
		if (counts(v, &seen[i], i) && seen[i].head.seq > top) {
			top = seen[i].head.seq;
			newest = i;
		}
	*seq = top + 1;
	for (unsigned k = 1; k <= n; k++) {
		unsigned i = (newest + k) % n;

		if (!refusal(v, &seen[i], i))
			return (int)i;
	}
	return -1;
}

static int read_ring(const struct stick_disk *d, struct stick_result *r)
{
	for (unsigned i = 0; i < r->vol.ix.count; i++) {
		uint64_t e;

		r->nseen = i + 1;
		if (r->vol.slot_refused[i]) {
			r->seen[i].state = STICK_HEAD_EMPTY;
			continue;
		}
		e = d->read(d->ctx, r->vol.slot_lba[i], 1, chunk);
		if (e) {
			fmt_buf(r->why, sizeof(r->why),
				"%s: reading slot %u's header failed (%#llx)", d->name, i,
				(unsigned long long)e);
			return SAVE_NO_DISK;
		}
		r->seen[i].state = stick_head_decode(chunk, &r->seen[i].head);
	}
	return 0;
}

/* Sectors of text to write: the new log's, or the old one's when longer (its tail is zeroed). */
static uint32_t sectors_to_write(const struct stick_seen *old, uint32_t text_len)
{
	uint32_t n = (text_len + STICK_SECTOR - 1) / STICK_SECTOR;

	if (old->state == STICK_HEAD_DAMAGED)
		return SLOT_SECTORS - 1;
	if (old->state == STICK_HEAD_OK) {
		uint32_t o = (old->head.text_len + STICK_SECTOR - 1) / STICK_SECTOR;

		if (o > n)
			n = o;
	}
	return n;
}

static int failed_write(const struct stick_disk *d, struct stick_result *r, uint64_t lba,
			uint64_t e)
{
	char name[16];

	stick_slot_name(r->slot, name, sizeof(name));
	if (e == STICK_IO_PROTECTED) {
		fmt_buf(r->why, sizeof(r->why), "%s is write-protected: nothing written", d->name);
		return SAVE_READ_ONLY;
	}
	fmt_buf(r->why, sizeof(r->why),
		"%s: writing sector %llu of SMPSCOPE:smpscope/%s failed (%#llx); the slot may "
		"be half-written, which its checksum shows, and is written again next time",
		d->name, (unsigned long long)lba, name, (unsigned long long)e);
	return SAVE_WRITE_ERROR;
}

/* The text and its zero padding, then the header, then a read back of the header. */
static int write_slot(const struct stick_disk *d, const struct stick_log *log,
		      struct stick_result *r)
{
	uint64_t base = r->vol.slot_lba[r->slot], e;
	uint32_t total = sectors_to_write(&r->seen[r->slot], r->head.text_len);
	uint8_t head[STICK_SECTOR];

	for (uint32_t s = 0; s < total; s += STICK_IO_MAX) {
		uint32_t n = total - s < STICK_IO_MAX ? total - s : STICK_IO_MAX;
		uint32_t off = s * STICK_SECTOR, have = 0;

		if (off < r->head.text_len)
			have = r->head.text_len - off < n * STICK_SECTOR ? r->head.text_len - off
									 : n * STICK_SECTOR;
		if (have)
			memcpy(chunk, log->text + off, have);
		memset(chunk + have, 0, n * STICK_SECTOR - have);
		if ((e = d->write(d->ctx, base + 1 + s, n, chunk)))
			return failed_write(d, r, base + 1 + s, e);
	}
	stick_head_encode(&r->head, head);
	if ((e = d->write(d->ctx, base, 1, head)))
		return failed_write(d, r, base, e);
	if (d->flush && (e = d->flush(d->ctx)))
		return failed_write(d, r, base, e);
	if ((e = d->read(d->ctx, base, 1, chunk)) || memcmp(chunk, head, STICK_SECTOR) != 0)
		return failed_write(d, r, base, e ? e : 0xbad);
	return SAVE_SAVED;
}

int stick_wanted(const struct lastlog_prev *p, char *why, size_t n)
{
	char name[16];

	if (p->found && p->saved) {
		stick_slot_name(p->saved_slot, name, sizeof(name));
		fmt_buf(why, n, "boot %u's log was saved before, to SMPSCOPE:smpscope/%s", p->boot,
			name);
		return SAVE_ALREADY;
	}
	if (p->found)
		return SAVE_SAVED;
	if (p->damaged) {
		fmt_buf(why, n, "the log kept in RAM at %#llx fails its checksum: not saved",
			(unsigned long long)p->damaged_at);
		return SAVE_BAD_LOG;
	}
	fmt_buf(why, n, "no log of an earlier boot in RAM: nothing to save");
	return SAVE_NOTHING;
}

int stick_read(const struct stick_disk *d, struct stick_result *r)
{
	int rc;

	if (d->read_only) {
		fmt_buf(r->why, sizeof(r->why), "%s is read-only (a CD?): nothing written",
			d->name);
		return SAVE_READ_ONLY;
	}
	if ((rc = stick_find(d, &r->vol, r->why, sizeof(r->why))))
		return rc;
	return read_ring(d, r);
}

void stick_save(const struct stick_disk *d, const struct stick_log *log, struct stick_result *r)
{
	char name[16];
	uint64_t seq;
	int slot;

	memset(r, 0, sizeof(*r));
	log_summarize(log->text, log->len, &r->sum);
	if ((r->result = stick_read(d, r)))
		return;
	slot = stick_next_slot(&r->vol, r->seen, &seq);
	if (slot < 0) {
		fmt_buf(r->why, sizeof(r->why), "none of the %u slots may be written: refused",
			r->vol.ix.count);
		r->result = SAVE_REFUSED;
		return;
	}
	r->slot = (unsigned)slot;
	r->head = (struct stick_head){
		.volume_id = r->vol.volume_id,
		.slot = r->slot,
		.boot = log->boot,
		.seq = seq,
		.text_len = log->len < STICK_TEXT_MAX ? log->len : STICK_TEXT_MAX,
		.ram_len = log->len,
	};
	r->head.text_crc = crc32_update(0, log->text, r->head.text_len);
	str_copy(r->head.case_name, r->sum.case_name, sizeof(r->head.case_name));
	str_copy(r->head.verdict, r->sum.verdict, sizeof(r->head.verdict));
	str_copy(r->head.failure, r->sum.failure, sizeof(r->head.failure));
	str_copy(r->head.via, log->via, sizeof(r->head.via));
	r->result = write_slot(d, log, r);
	stick_slot_name(r->slot, name, sizeof(name));
	if (r->result == SAVE_SAVED)
		fmt_buf(r->why, sizeof(r->why), "SMPSCOPE:smpscope/%s", name);
}
