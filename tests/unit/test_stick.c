/* SPDX-License-Identifier: MIT */
/*
 * The stick save (console/stick.c, console/stickvol.c) on the bytes of the
 * stick image make built: it finds the log partition and its slots, three
 * saves land in three slots in order and the ring wraps onto the oldest,
 * only slot sectors change, and every bad input is refused with a line of
 * its own: no GPT, a foreign FAT, a corrupt or full index, a foreign slot,
 * a read-only disk, a CD's sectors, a write error (which leaves a slot its
 * checksum marks half-written), a RAM log with a bad checksum. Also the
 * log's summary (console/logsum.c) and the slot format (include/stick.c).
 */
#include "../../console/stick.h"
#include "../../lib/crc32.h"
#include "../../lib/fmt.h"
#include "unit.h"

static uint8_t *img, *orig;
static size_t img_size;
static int fail_at = -1, protect; /* fail the write that covers this sector; write-protected */
static unsigned writes;

static uint64_t rd(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	(void)ctx;
	if ((lba + count) * STICK_SECTOR > img_size)
		return 0x8000000000000003ull;
	memcpy(buf, img + lba * STICK_SECTOR, count * STICK_SECTOR);
	return 0;
}

static uint64_t wr(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	(void)ctx;
	if (protect)
		return STICK_IO_PROTECTED;
	if (fail_at >= 0 && lba <= (uint64_t)fail_at && (uint64_t)fail_at < lba + count)
		return 0x8000000000000007ull; /* EFI_DEVICE_ERROR */
	if ((lba + count) * STICK_SECTOR > img_size)
		return 0x8000000000000003ull;
	memcpy(img + lba * STICK_SECTOR, buf, count * STICK_SECTOR);
	writes++;
	return 0;
}

static struct stick_disk disk = { rd, wr, NULL, NULL, STICK_SECTOR, 0, "test disk" };

static void load(void)
{
	FILE *f = fopen(BUILDDIR "/smpscope.img", "rb");

	if (!f) {
		perror(BUILDDIR "/smpscope.img");
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	img_size = (size_t)ftell(f);
	rewind(f);
	img = malloc(img_size);
	orig = malloc(img_size);
	if (!img || !orig || fread(orig, 1, img_size, f) != img_size)
		exit(1);
	fclose(f);
}

static void reset(void)
{
	memcpy(img, orig, img_size);
	fail_at = -1;
	protect = 0;
	disk.read_only = 0;
	disk.sector_size = STICK_SECTOR;
}

static struct stick_result res;

static int save(const char *text, uint32_t boot)
{
	struct stick_log log = { text, (uint32_t)strlen(text), boot, "bios" };

	stick_save(&disk, &log, &res);
	return res.result;
}

/* Every byte outside the given slots' sectors is as the build left it. */
static int only_slots_changed(const struct stick_vol *v, unsigned mask)
{
	for (size_t s = 0; s < img_size / STICK_SECTOR; s++) {
		int in = 0;

		for (unsigned i = 0; i < v->ix.count; i++)
			in |= (mask >> i & 1) && s >= v->slot_lba[i] &&
			      s < v->slot_lba[i] + STICK_SLOT_BYTES / STICK_SECTOR;
		if (!in && memcmp(img + s * STICK_SECTOR, orig + s * STICK_SECTOR, STICK_SECTOR))
			return 0;
	}
	return 1;
}

static int slot_holds(const struct stick_vol *v, unsigned i, const char *text, uint64_t seq)
{
	struct stick_head h;
	const uint8_t *p = img + v->slot_lba[i] * STICK_SECTOR;

	return stick_head_decode(p, &h) == STICK_HEAD_OK && h.seq == seq && h.slot == i &&
	       h.text_len == strlen(text) && !memcmp(p + STICK_SECTOR, text, h.text_len) &&
	       stick_text_ok(&h, p + STICK_SECTOR) && !p[STICK_SECTOR + h.text_len];
}

static const char hung[] = "KTAP version 1\n1..1\n# ev=knobs case=serial log=live\n"
			   "# ev=timeout cpu=1 apic=0x1 phase=alive step=longmode\n"
			   "    not ok 1 cpus_online # 3/4 online\nnot ok 1 serial\n";

static void test_ring(void)
{
	struct stick_vol v;
	char why[200], text[64];
	int ok = 1;

	reset();
	unit_check(stick_find(&disk, &v, why, sizeof(why)) == 0 && v.part_no == 4 &&
			   v.ix.count == STICK_SLOTS && v.volume_id == STICK_VOLUME_ID,
		   "finds_partition", "%s part %u count %u", why, v.part_no, v.ix.count);
	for (unsigned i = 0; i < v.ix.count; i++)
		ok &= !v.slot_refused[i];
	unit_check(ok, "no_slot_refused", "a slot of the built image is refused");
	ok = 1;
	for (unsigned i = 0; i < 3; i++) {
		fmt_buf(text, sizeof(text), "boot %u\nnot ok 1 serial\n", i + 1);
		ok &= save(text, i + 1) == SAVE_SAVED && res.slot == i && res.head.seq == i + 1;
	}
	unit_check(ok && slot_holds(&v, 0, "boot 1\nnot ok 1 serial\n", 1) &&
			   slot_holds(&v, 2, "boot 3\nnot ok 1 serial\n", 3),
		   "three_saves_three_slots", "slot %u: %s", res.slot, res.why);
	unit_check(only_slots_changed(&v, 7), "nothing_outside_slots", "a sector outside changed");
	for (unsigned i = 3; i < STICK_SLOTS; i++)
		save("filler\n", i + 1);
	unit_check(save(hung, 40) == SAVE_SAVED && res.slot == 0 &&
			   res.head.seq == STICK_SLOTS + 1 &&
			   slot_holds(&v, 0, hung, STICK_SLOTS + 1) &&
			   slot_holds(&v, 1, "boot 2\nnot ok 1 serial\n", 2),
		   "wraps_onto_oldest", "slot %u seq %llu", res.slot,
		   (unsigned long long)res.head.seq);
	unit_check(!strcmp(res.head.case_name, "serial") && !strcmp(res.head.verdict, "not ok") &&
			   !strcmp(res.head.failure, "CPU 1 stopped at longmode") &&
			   !strcmp(res.why, "SMPSCOPE:smpscope/slot-00.log"),
		   "header_summary", "%s / %s / %s / %s", res.head.case_name, res.head.verdict,
		   res.head.failure, res.why);
	/* A shorter log over a longer one: the old tail is zeroed. */
	save("short\n", 41);
	unit_check(slot_holds(&v, 1, "short\n", STICK_SLOTS + 2), "shorter_log_zero_padded",
		   "slot 1 keeps bytes of the log before");
}

static void test_half_written(void)
{
	struct stick_vol v;
	char why[200];
	struct stick_head h;
	uint8_t *p;

	reset();
	stick_find(&disk, &v, why, sizeof(why));
	save(hung, 1);
	fail_at = (int)v.slot_lba[1] + 1;
	unit_check(save("a longer log than the one before it\n", 2) == SAVE_WRITE_ERROR &&
			   strstr(res.why, "half-written") && res.slot == 1,
		   "write_error_said", "%d: %s", res.result, res.why);
	p = img + v.slot_lba[1] * STICK_SECTOR;
	unit_check(stick_head_decode(p, &h) == STICK_HEAD_EMPTY, "cut_save_keeps_no_header",
		   "a header was written after the text failed");
	fail_at = -1;
	unit_check(save("x\n", 3) == SAVE_SAVED && res.slot == 1, "cut_slot_written_again",
		   "slot %u: %s", res.slot, res.why);
	/* Cut between the text and the header: the old header over new text fails its checksum. */
	p[STICK_SECTOR] = 'y';
	unit_check(stick_head_decode(p, &h) == STICK_HEAD_OK &&
			   !stick_text_ok(&h, p + STICK_SECTOR),
		   "half_written_by_checksum", "a cut slot's text passes its checksum");
	unit_check(save("again\n", 4) == SAVE_SAVED && res.slot == 2, "next_save_goes_on", "%u %s",
		   res.slot, res.why);
}

/* The index sector of the built image, found the way the image finds it. */
static uint8_t *index_sector(void)
{
	struct stick_vol v;
	char why[200];

	reset();
	stick_find(&disk, &v, why, sizeof(why));
	/* The index was copied after the slots: its cluster follows the last slot's. */
	return img + (v.slot_lba[v.ix.count - 1] + STICK_SLOT_BYTES / STICK_SECTOR) * STICK_SECTOR;
}

static void refused(const char *name, int want, const char *words)
{
	int got = save(hung, 1);

	unit_check(got == want && strstr(res.why, words) && !writes, name,
		   "%s (result %d, %u writes): %s", save_result_names[got], got, writes, res.why);
	writes = 0;
}

static void test_bad_input(void)
{
	struct stick_index ix;
	uint8_t *sec;
	struct stick_vol v;
	char why[200];

	reset();
	stick_find(&disk, &v, why, sizeof(why));
	writes = 0;
	memset(img + STICK_SECTOR, 0, STICK_SECTOR);
	refused("no_gpt", SAVE_NO_PARTITION, "has no GPT");
	reset();
	memcpy(img + v.part_lba * STICK_SECTOR + 43, "OTHERFAT   ", 11);
	refused("foreign_fat_label", SAVE_NO_PARTITION, "no FAT labelled SMPSCOPE");
	reset();
	memcpy(img + v.part_lba * STICK_SECTOR + 39, "\x11\x22\x33\x44", 4);
	refused("foreign_fat_serial", SAVE_REFUSED, "a foreign FAT");
	sec = index_sector();
	unit_check(stick_index_decode(sec, &ix) == STICK_INDEX_OK, "index_found", "no index there");
	sec[40] ^= 1;
	writes = 0;
	refused("corrupt_index", SAVE_REFUSED, "corrupt");
	sec = index_sector();
	stick_index_decode(sec, &ix);
	ix.count = STICK_INDEX_MAX + 1;
	stick_index_encode(&ix, sec);
	refused("full_index", SAVE_REFUSED, "its table holds 64");
	reset();
	disk.read_only = 1;
	refused("read_only", SAVE_READ_ONLY, "read-only");
	reset();
	protect = 1;
	refused("write_protected", SAVE_READ_ONLY, "write-protected");
	reset();
	disk.sector_size = 2048;
	refused("cd_sectors", SAVE_READ_ONLY, "2048-byte sectors: a CD, read-only");
	reset();
	memcpy(img + v.slot_lba[0] * STICK_SECTOR, "somebody else's file", 20);
	unit_check(save(hung, 1) == SAVE_SAVED && res.slot == 1 &&
			   !memcmp(img + v.slot_lba[0] * STICK_SECTOR, "somebody", 8),
		   "foreign_slot_skipped", "slot %u: %s", res.slot, res.why);
}

static void test_wanted(void)
{
	struct lastlog_prev p = { 0 };
	char why[120];

	unit_check(stick_wanted(&p, why, sizeof(why)) == SAVE_NOTHING, "nothing_in_ram", "%s", why);
	p.damaged = 1;
	p.damaged_at = 0x2001000;
	unit_check(stick_wanted(&p, why, sizeof(why)) == SAVE_BAD_LOG &&
			   strstr(why, "0x2001000 fails its checksum"),
		   "bad_ram_checksum", "%s", why);
	p.found = 1;
	unit_check(stick_wanted(&p, why, sizeof(why)) == SAVE_SAVED, "good_log_saved", "%s", why);
	p.saved = 1;
	p.saved_slot = 7;
	unit_check(stick_wanted(&p, why, sizeof(why)) == SAVE_ALREADY && strstr(why, "slot-07.log"),
		   "saved_once", "%s", why);
}

static void test_summary(void)
{
	struct log_summary s;
	static const char exc[] = "# ev=knobs case=parallel\n"
				  "# ev=exception cpu=3 apic=0x3 vector=6 rip=0x1 step=c-entry\n"
				  "not ok 1 parallel\n";
	static const char cut[] = "KTAP version 1\n# ev=knobs case=all\n# ev=cmos when=setup\n";
	static const char good[] = "# ev=knobs case=probe\n    ok 1 madt_found\nok 1 probe\n";

	log_summarize(hung, sizeof(hung) - 1, &s);
	unit_check(!strcmp(s.case_name, "serial") && !strcmp(s.verdict, "not ok") &&
			   !strcmp(s.failure, "CPU 1 stopped at longmode"),
		   "summary_timeout", "%s / %s / %s", s.case_name, s.verdict, s.failure);
	log_summarize(exc, sizeof(exc) - 1, &s);
	unit_check(!strcmp(s.failure, "CPU 3 took exception 6 at c-entry"), "summary_exception",
		   "%s", s.failure);
	log_summarize(cut, sizeof(cut) - 1, &s);
	unit_check(!strcmp(s.verdict, "no verdict") &&
			   !strcmp(s.failure, "it ends after ev=cmos") &&
			   !strcmp(s.case_name, "all"),
		   "summary_hang", "%s / %s", s.verdict, s.failure);
	log_summarize(good, sizeof(good) - 1, &s);
	unit_check(!strcmp(s.verdict, "ok") && !strcmp(s.failure, "none"), "summary_pass",
		   "%s / %s", s.verdict, s.failure);
}

int main(void)
{
	unit_begin();
	load();
	test_ring();
	test_half_written();
	test_bad_input();
	test_wanted();
	test_summary();
	free(img);
	free(orig);
	return unit_done();
}
