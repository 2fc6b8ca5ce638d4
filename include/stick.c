/* SPDX-License-Identifier: MIT */
/* The stick's index and slot headers to and from their sectors (include/stick.h). */
#include "stick.h"

#include "../lib/crc32.h"
#include "../lib/string.h"

/* Where each field sits in its sector; the checksum is the sector's last word. */
enum {
	OFF_MAGIC = 0,
	OFF_VERSION = 8,
	OFF_VOLUME = 12,
	IX_COUNT = 16,
	IX_SLOT_BYTES = 20,
	IX_CLUSTER_BYTES = 24,
	IX_TABLE = 32,
	HD_SLOT = 16,
	HD_BOOT = 20,
	HD_SEQ = 24,
	HD_TEXT_LEN = 32,
	HD_TEXT_CRC = 36,
	HD_RAM_LEN = 40,
	HD_CASE = 48,
	HD_VERDICT = 80,
	HD_FAILURE = 96,
	HD_VIA = 192,
	OFF_CRC = STICK_SECTOR - 4,
};

_Static_assert(IX_TABLE + 4 * STICK_INDEX_MAX <= OFF_CRC, "the index table fits its sector");
_Static_assert(HD_VIA + 16 <= OFF_CRC, "the slot header fits its sector");

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t sector_crc(const uint8_t *sec)
{
	return crc32_update(0, sec, OFF_CRC);
}

static void seal(uint8_t *sec, const char *magic)
{
	memcpy(sec + OFF_MAGIC, magic, 8);
	wr32(sec + OFF_VERSION, STICK_VERSION);
	wr32(sec + OFF_CRC, sector_crc(sec));
}

/* A string field: at most size - 1 bytes kept, NUL-padded on the disk, terminated when read. */
static void put_str(uint8_t *dst, const char *s, size_t size)
{
	size_t n = strnlen(s, size - 1);

	memcpy(dst, s, n);
	memset(dst + n, 0, size - n);
}

static void get_str(char *dst, const uint8_t *src, size_t size)
{
	memcpy(dst, src, size - 1);
	dst[size - 1] = '\0';
}

enum stick_index_state stick_index_decode(const uint8_t sec[STICK_SECTOR], struct stick_index *ix)
{
	memset(ix, 0, sizeof(*ix));
	if (memcmp(sec + OFF_MAGIC, STICK_INDEX_MAGIC, 8) != 0)
		return STICK_INDEX_FOREIGN;
	if (rd32(sec + OFF_CRC) != sector_crc(sec) || rd32(sec + OFF_VERSION) != STICK_VERSION)
		return STICK_INDEX_CORRUPT;
	ix->volume_id = rd32(sec + OFF_VOLUME);
	ix->count = rd32(sec + IX_COUNT);
	ix->slot_bytes = rd32(sec + IX_SLOT_BYTES);
	ix->cluster_bytes = rd32(sec + IX_CLUSTER_BYTES);
	if (ix->count > STICK_INDEX_MAX)
		return STICK_INDEX_FULL;
	if (!ix->count || ix->slot_bytes != STICK_SLOT_BYTES || !ix->cluster_bytes)
		return STICK_INDEX_CORRUPT;
	for (uint32_t i = 0; i < ix->count; i++)
		ix->cluster[i] = rd32(sec + IX_TABLE + 4 * i);
	return STICK_INDEX_OK;
}

void stick_index_encode(const struct stick_index *ix, uint8_t sec[STICK_SECTOR])
{
	memset(sec, 0, STICK_SECTOR);
	wr32(sec + OFF_VOLUME, ix->volume_id);
	wr32(sec + IX_COUNT, ix->count);
	wr32(sec + IX_SLOT_BYTES, ix->slot_bytes);
	wr32(sec + IX_CLUSTER_BYTES, ix->cluster_bytes);
	for (uint32_t i = 0; i < ix->count && i < STICK_INDEX_MAX; i++)
		wr32(sec + IX_TABLE + 4 * i, ix->cluster[i]);
	seal(sec, STICK_INDEX_MAGIC);
}

enum stick_head_state stick_head_decode(const uint8_t sec[STICK_SECTOR], struct stick_head *h)
{
	int zero = 1;

	memset(h, 0, sizeof(*h));
	for (unsigned i = 0; i < STICK_SECTOR && zero; i++)
		zero = !sec[i];
	if (zero)
		return STICK_HEAD_EMPTY;
	if (memcmp(sec + OFF_MAGIC, STICK_SLOT_MAGIC, 8) != 0)
		return STICK_HEAD_FOREIGN;
	if (rd32(sec + OFF_CRC) != sector_crc(sec) || rd32(sec + OFF_VERSION) != STICK_VERSION)
		return STICK_HEAD_DAMAGED;
	h->volume_id = rd32(sec + OFF_VOLUME);
	h->slot = rd32(sec + HD_SLOT);
	h->boot = rd32(sec + HD_BOOT);
	h->seq = rd32(sec + HD_SEQ) | (uint64_t)rd32(sec + HD_SEQ + 4) << 32;
	h->text_len = rd32(sec + HD_TEXT_LEN);
	h->text_crc = rd32(sec + HD_TEXT_CRC);
	h->ram_len = rd32(sec + HD_RAM_LEN);
	get_str(h->case_name, sec + HD_CASE, sizeof(h->case_name));
	get_str(h->verdict, sec + HD_VERDICT, sizeof(h->verdict));
	get_str(h->failure, sec + HD_FAILURE, sizeof(h->failure));
	get_str(h->via, sec + HD_VIA, sizeof(h->via));
	if (h->text_len > STICK_TEXT_MAX)
		return STICK_HEAD_DAMAGED;
	return STICK_HEAD_OK;
}

void stick_head_encode(const struct stick_head *h, uint8_t sec[STICK_SECTOR])
{
	memset(sec, 0, STICK_SECTOR);
	wr32(sec + OFF_VOLUME, h->volume_id);
	wr32(sec + HD_SLOT, h->slot);
	wr32(sec + HD_BOOT, h->boot);
	wr32(sec + HD_SEQ, (uint32_t)h->seq);
	wr32(sec + HD_SEQ + 4, (uint32_t)(h->seq >> 32));
	wr32(sec + HD_TEXT_LEN, h->text_len);
	wr32(sec + HD_TEXT_CRC, h->text_crc);
	wr32(sec + HD_RAM_LEN, h->ram_len);
	put_str(sec + HD_CASE, h->case_name, sizeof(h->case_name));
	put_str(sec + HD_VERDICT, h->verdict, sizeof(h->verdict));
	put_str(sec + HD_FAILURE, h->failure, sizeof(h->failure));
	put_str(sec + HD_VIA, h->via, sizeof(h->via));
	seal(sec, STICK_SLOT_MAGIC);
}

int stick_text_ok(const struct stick_head *h, const void *text)
{
	return h->text_len <= STICK_TEXT_MAX && crc32_update(0, text, h->text_len) == h->text_crc;
}
