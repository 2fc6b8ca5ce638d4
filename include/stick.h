/* SPDX-License-Identifier: MIT */
/*
 * The log partition of the stick image (build/smpscope.img), as the image
 * writes it and smpscope-report reads it (docs/report.md, "Slots"): a FAT
 * labelled SMPSCOPE whose folder smpscope/ holds slot files made at build
 * time, each in contiguous clusters, and index.bin, which lists them.
 * Every number is little-endian. A slot is one boot's log: a header sector,
 * the text, zero padding to the slot's end.
 */
#ifndef SMPSCOPE_INCLUDE_STICK_H
#define SMPSCOPE_INCLUDE_STICK_H

#include <stdint.h>

#include "namelist.h"

#define STICK_SECTOR	 512u
#define STICK_LABEL	 "SMPSCOPE   " /* the FAT volume label, 11 bytes as the BPB holds it */
#define STICK_DIR_83	 "SMPSCOPE   " /* the folder smpscope/, as a FAT short name */
#define STICK_INDEX_83	 "INDEX   BIN"
#define STICK_FOLDER	 "smpscope" /* the same two, as a laptop shows them */
#define STICK_INDEX_FILE "index.bin"
#define STICK_VOLUME_ID	 0x534d5053u /* the FAT serial number the build gives it ("SMPS") */
#define STICK_SLOTS	 32u	     /* the slots the build makes */
#define STICK_SLOT_BYTES (512u * 1024u)
#define STICK_TEXT_MAX	 (STICK_SLOT_BYTES - STICK_SECTOR)
/* The index table's room; an index listing more is refused as full. */
#define STICK_INDEX_MAX	  64u
#define STICK_INDEX_BYTES 4096u /* the file; its first sector is the index */
#define STICK_VERSION	  1u

#define STICK_INDEX_MAGIC "SMPSCIDX"
#define STICK_SLOT_MAGIC  "SMPSCLOG"

/* The index, decoded. cluster[i]: slot i's first cluster, as the directory entry names it. */
struct stick_index {
	uint32_t volume_id, count, slot_bytes, cluster_bytes;
	uint32_t cluster[STICK_INDEX_MAX];
};

/* What the index sector is: */
enum stick_index_state {
	STICK_INDEX_OK,
	STICK_INDEX_FOREIGN, /* not an index of ours (no magic) */
	STICK_INDEX_CORRUPT, /* our magic, but its checksum or version does not match */
	STICK_INDEX_FULL,    /* more slots than its table holds */
};

/* A slot's header, decoded. The strings are NUL-terminated. */
struct stick_head {
	uint32_t volume_id, slot, boot;
	uint64_t seq;	   /* the save's number on this stick: the ring's order */
	uint32_t text_len; /* bytes of log after the header */
	uint32_t text_crc;
	uint32_t ram_len; /* the log's bytes in RAM: more than text_len when it was cut */
	char case_name[32], verdict[16], failure[96];
	char via[16]; /* how it was written: "uefi" or "bios" */
};

/* What a slot's first sector is: */
enum stick_head_state {
	STICK_HEAD_EMPTY,   /* zeros: made by the build, never written */
	STICK_HEAD_OK,	    /* a header of ours */
	STICK_HEAD_DAMAGED, /* our magic, but the header's checksum fails */
	STICK_HEAD_FOREIGN, /* anything else: not ours, never written */
};

enum stick_index_state stick_index_decode(const uint8_t sec[STICK_SECTOR], struct stick_index *ix);
void stick_index_encode(const struct stick_index *ix, uint8_t sec[STICK_SECTOR]);
enum stick_head_state stick_head_decode(const uint8_t sec[STICK_SECTOR], struct stick_head *h);
void stick_head_encode(const struct stick_head *h, uint8_t sec[STICK_SECTOR]);
/* 1 when text[0..h->text_len) is what the header says; a half-written slot is not. */
int stick_text_ok(const struct stick_head *h, const void *text);

/*
 * ev=save result=: what became of the previous boot's log
 * (docs/log-format.md). The save case passes when it is saved or already was.
 */
#define SMPSCOPE_SAVE_RESULTS(X)                                                                   \
	X(SAVE_SAVED, "saved")		     /* written into a slot now */                         \
	X(SAVE_ALREADY, "already")	     /* an earlier boot saved it */                        \
	X(SAVE_NOTHING, "nothing")	     /* no log of an earlier boot in RAM */                \
	X(SAVE_OFF, "off")		     /* save=off */                                        \
	X(SAVE_NO_DISK, "no-disk")	     /* the boot disk could not be reached */              \
	X(SAVE_NO_PARTITION, "no-partition") /* no log partition of ours on it */                  \
	X(SAVE_READ_ONLY, "read-only")	     /* the medium refuses writes (a CD) */                \
	X(SAVE_REFUSED, "refused")	     /* a signature did not match: nothing written */      \
	X(SAVE_WRITE_ERROR, "write-error")   /* the firmware failed a write */                     \
	X(SAVE_BAD_LOG, "bad-log")	     /* the log in RAM fails its checksum */

SMPSCOPE_NAME_LIST(SMPSCOPE_SAVE_RESULTS, save_result, save_result_names, SAVE_RESULT_COUNT);

#endif
