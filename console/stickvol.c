/* SPDX-License-Identifier: MIT */
/*
 * The log partition on the boot disk (console/stickvol.h). The partition
 * is chosen by what it holds, not by its place: its start moves with the
 * ISO's size, and a label search could find another disk (docs/hardware.md,
 * "The stick"). Every structure is checked before it is believed: the GPT
 * by its checksums, the FAT by its boot sector, the index by its own
 * checksum and the FAT's serial number, each slot by its directory entry.
 */
#include "stickvol.h"

#include "../arch/physmap.h"
#include "../lib/crc32.h"
#include "../lib/fmt.h"
#include "../lib/string.h"

#define GPT_ENTRIES_MAX (STICK_IO_MAX * STICK_SECTOR)
#define DIRENT		32u
#define ATTR_DIR	0x10u
#define ATTR_LFN	0x0fu

static uint8_t buf[STICK_IO_MAX * STICK_SECTOR];

/* A FAT's geometry, from its boot sector. */
struct fat {
	uint32_t spc, volume_id;
	uint64_t root_lba, root_sectors; /* FAT16: the fixed root; FAT32: its first cluster */
	uint64_t data_lba;
	int fat32;
};

void stick_slot_name(unsigned slot, char *b, size_t n)
{
	fmt_buf(b, n, "slot-%02u.log", slot);
}

static int rd(const struct stick_disk *d, uint64_t lba, uint32_t count, char *why, size_t n)
{
	uint64_t e = d->read(d->ctx, lba, count, buf);

	if (e)
		fmt_buf(why, n, "%s: reading sector %llu failed (%#llx)", d->name,
			(unsigned long long)lba, (unsigned long long)e);
	return e ? SAVE_NO_DISK : 0;
}

/* The boot sector of a FAT labelled SMPSCOPE: 1, its geometry in f; 0: another file system. */
static int fat_read(const uint8_t *bs, uint64_t part_lba, struct fat *f)
{
	uint32_t fatsz = get16(bs + 22), rsvd = get16(bs + 14), roots = get16(bs + 17);
	const uint8_t *ext;

	if (bs[510] != 0x55 || bs[511] != 0xaa || get16(bs + 11) != STICK_SECTOR || !bs[13] ||
	    (bs[13] & (bs[13] - 1)) || !bs[16] || !rsvd)
		return 0;
	f->fat32 = fatsz == 0;
	if (f->fat32)
		fatsz = get32(bs + 36);
	ext = bs + (f->fat32 ? 64 : 36); /* drive number, then the extended signature 0x29 */
	if (ext[2] != 0x29 || memcmp(ext + 7, STICK_LABEL, 11) != 0)
		return 0;
	f->spc = bs[13];
	f->volume_id = get32(ext + 3);
	f->root_lba = part_lba + rsvd + (uint64_t)bs[16] * fatsz;
	f->root_sectors = ((uint64_t)roots * DIRENT + STICK_SECTOR - 1) / STICK_SECTOR;
	f->data_lba = f->root_lba + f->root_sectors;
	if (f->fat32) {
		f->root_lba = f->data_lba + (uint64_t)(get32(bs + 44) - 2) * f->spc;
		f->root_sectors = f->spc;
	}
	return 1;
}

/* The entry named name83 among n bytes of directory: its first cluster and size; NULL if none. */
static const uint8_t *dir_find(const uint8_t *dir, size_t n, const char *name83, int want_dir)
{
	for (size_t off = 0; off + DIRENT <= n; off += DIRENT) {
		const uint8_t *e = dir + off;

		if (!e[0])
			break;
		if (e[0] == 0xe5 || (e[11] & ATTR_LFN) == ATTR_LFN)
			continue;
		if (!memcmp(e, name83, 11) && !!(e[11] & ATTR_DIR) == want_dir)
			return e;
	}
	return NULL;
}

static uint32_t ent_cluster(const uint8_t *e)
{
	return (uint32_t)get16(e + 20) << 16 | get16(e + 26);
}

static uint64_t cluster_lba(const struct fat *f, uint32_t c)
{
	return f->data_lba + (uint64_t)(c - 2) * f->spc;
}

/* Reads at most STICK_IO_MAX sectors of a directory: the folder's first entries are ours. */
static uint32_t dir_sectors(uint64_t n)
{
	return n > STICK_IO_MAX ? STICK_IO_MAX : (uint32_t)n;
}

/* Every slot of the index against the folder's entries: named, placed and sized as it says. */
static void check_slots(struct stick_vol *v, const struct fat *f, const uint8_t *dir, size_t n)
{
	for (uint32_t i = 0; i < v->ix.count; i++) {
		char name[16], n83[12];
		const uint8_t *e;
		uint64_t lba = cluster_lba(f, v->ix.cluster[i]);

		fmt_buf(n83, sizeof(n83), "SLOT-%02u LOG", i);
		e = dir_find(dir, n, n83, 0);
		stick_slot_name(i, name, sizeof(name));
		v->slot_lba[i] = lba;
		if (!e)
			v->slot_refused[i] = "not in the folder smpscope/";
		else if (ent_cluster(e) != v->ix.cluster[i] || get32(e + 28) != v->ix.slot_bytes)
			v->slot_refused[i] = "its folder entry is not where or what the index says";
		else if (v->ix.cluster[i] < 2 ||
			 lba + v->ix.slot_bytes / STICK_SECTOR > v->part_lba + v->part_sectors)
			v->slot_refused[i] = "the index places it outside the partition";
	}
}

/* The partition is a FAT labelled SMPSCOPE: is it ours? 0, or why not. */
static int our_fat(const struct stick_disk *d, struct stick_vol *v, const struct fat *f, char *why,
		   size_t n)
{
	const uint8_t *e;
	uint32_t idx_cluster;
	int rc;

	if ((rc = rd(d, f->root_lba, dir_sectors(f->root_sectors), why, n)))
		return rc;
	e = dir_find(buf, dir_sectors(f->root_sectors) * STICK_SECTOR, STICK_DIR_83, 1);
	if (!e) {
		fmt_buf(why, n,
			"the FAT labelled SMPSCOPE (GPT entry %u) has no folder smpscope/: "
			"not ours",
			v->part_no);
		return SAVE_REFUSED;
	}
	if ((rc = rd(d, cluster_lba(f, ent_cluster(e)), dir_sectors(f->spc), why, n)))
		return rc;
	e = dir_find(buf, dir_sectors(f->spc) * STICK_SECTOR, STICK_INDEX_83, 0);
	if (!e || get32(e + 28) < STICK_SECTOR) {
		fmt_buf(why, n,
			"the FAT labelled SMPSCOPE (GPT entry %u) has no smpscope/index.bin: "
			"not ours",
			v->part_no);
		return SAVE_REFUSED;
	}
	idx_cluster = ent_cluster(e);
	{
		static uint8_t dir[STICK_IO_MAX * STICK_SECTOR];
		size_t dn = dir_sectors(f->spc) * STICK_SECTOR;
		enum stick_index_state st;

		memcpy(dir, buf, dn);
		if ((rc = rd(d, cluster_lba(f, idx_cluster), 1, why, n)))
			return rc;
		st = stick_index_decode(buf, &v->ix);
		if (st == STICK_INDEX_FULL) {
			fmt_buf(why, n,
				"smpscope/index.bin lists %u slots, its table holds %u: refused",
				v->ix.count, STICK_INDEX_MAX);
			return SAVE_REFUSED;
		}
		if (st != STICK_INDEX_OK) {
			fmt_buf(why, n, "smpscope/index.bin is %s: refused",
				st == STICK_INDEX_FOREIGN ? "not an index of ours"
							  : "corrupt (its checksum fails)");
			return SAVE_REFUSED;
		}
		if (v->ix.volume_id != f->volume_id ||
		    v->ix.cluster_bytes != f->spc * STICK_SECTOR) {
			fmt_buf(why, n,
				"smpscope/index.bin was made for FAT %04X-%04X, this is %04X-%04X: "
				"a foreign FAT, refused",
				v->ix.volume_id >> 16, v->ix.volume_id & 0xffff, f->volume_id >> 16,
				f->volume_id & 0xffff);
			return SAVE_REFUSED;
		}
		check_slots(v, f, dir, dn);
	}
	return 0;
}

/* The GPT's header and entries, each against its checksum. 0, or why not. */
static int gpt_read(const struct stick_disk *d, uint64_t *elba, uint32_t *count, uint32_t *esize,
		    char *why, size_t n)
{
	uint32_t hsize, crc;
	int rc;

	if ((rc = rd(d, 0, 2, why, n)))
		return rc;
	if (buf[510] != 0x55 || buf[511] != 0xaa || memcmp(buf + STICK_SECTOR, "EFI PART", 8)) {
		fmt_buf(why, n, "%s has no GPT: no log partition", d->name);
		return SAVE_NO_PARTITION;
	}
	hsize = get32(buf + STICK_SECTOR + 12);
	crc = get32(buf + STICK_SECTOR + 16);
	memset(buf + STICK_SECTOR + 16, 0, 4);
	*elba = get64(buf + STICK_SECTOR + 72);
	*count = get32(buf + STICK_SECTOR + 80);
	*esize = get32(buf + STICK_SECTOR + 84);
	if (hsize < 92 || hsize > STICK_SECTOR ||
	    crc32_update(0, buf + STICK_SECTOR, hsize) != crc || *esize < 128 ||
	    (uint64_t)*count * *esize > GPT_ENTRIES_MAX) {
		fmt_buf(why, n, "%s: the GPT header fails its checks: refused", d->name);
		return SAVE_REFUSED;
	}
	crc = get32(buf + STICK_SECTOR + 88);
	if ((rc = rd(d, *elba, (*count * *esize + STICK_SECTOR - 1) / STICK_SECTOR, why, n)))
		return rc;
	if (crc32_update(0, buf, (size_t)*count * *esize) != crc) {
		fmt_buf(why, n, "%s: the GPT's partition entries fail their checksum: refused",
			d->name);
		return SAVE_REFUSED;
	}
	return 0;
}

int stick_find(const struct stick_disk *d, struct stick_vol *v, char *why, size_t n)
{
	static uint8_t entries[GPT_ENTRIES_MAX];
	uint64_t elba;
	uint32_t count, esize;
	int rc;

	memset(v, 0, sizeof(*v));
	if (d->sector_size != STICK_SECTOR) {
		fmt_buf(why, n, "%s has %u-byte sectors: %s", d->name, d->sector_size,
			d->sector_size == 2048 ? "a CD, read-only; nothing written"
					       : "no log partition");
		return d->sector_size == 2048 ? SAVE_READ_ONLY : SAVE_NO_PARTITION;
	}
	if ((rc = gpt_read(d, &elba, &count, &esize, why, n)))
		return rc;
	memcpy(entries, buf, (size_t)count * esize);
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *e = entries + (size_t)i * esize;
		struct fat f;

		if (!get64(e) && !get64(e + 8))
			continue; /* an unused entry: no type */
		if (get64(e + 40) < get64(e + 32) || (rc = rd(d, get64(e + 32), 1, why, n)))
			continue;
		if (!fat_read(buf, get64(e + 32), &f))
			continue;
		v->part_no = i + 1;
		v->part_lba = get64(e + 32);
		v->part_sectors = get64(e + 40) - get64(e + 32) + 1;
		v->volume_id = f.volume_id;
		v->cluster_sectors = f.spc;
		v->data_lba = f.data_lba;
		return our_fat(d, v, &f, why, n);
	}
	fmt_buf(why, n, "%s: no FAT labelled SMPSCOPE in its GPT: no log partition", d->name);
	return SAVE_NO_PARTITION;
}
