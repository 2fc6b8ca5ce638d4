/* SPDX-License-Identifier: MIT */
/*
 * The previous boot's log onto the stick it was booted from: the next slot
 * of the ring the build made (include/stick.h), and nothing else on the
 * disk. Pure C over the firmware's disk calls (console/stickvol.h), so
 * tests/unit/test_stick.c saves into the built image's bytes.
 */
#ifndef SMPSCOPE_CONSOLE_STICK_H
#define SMPSCOPE_CONSOLE_STICK_H

#include "lastlog.h"
#include "logsum.h"
#include "stickvol.h"

/* The log to save: the RAM copy of an earlier boot (console/lastlog.h). */
struct stick_log {
	const char *text;
	uint32_t len, boot;
	const char *via; /* "uefi" or "bios" */
};

/* One slot as the save found it, before it wrote. */
struct stick_seen {
	enum stick_head_state state;
	struct stick_head head;
};

struct stick_result {
	int result;		/* enum save_result */
	char why[200];		/* in words: where it went, or why nothing was written */
	unsigned slot;		/* SAVE_SAVED: the slot written */
	struct stick_head head; /* SAVE_SAVED: what its header says */
	struct log_summary sum; /* the log's case, verdict and first failure */
	struct stick_vol vol;
	unsigned nseen; /* the slots read, for the save case's list */
	struct stick_seen seen[STICK_INDEX_MAX];
};

/*
 * Whether the RAM copy an earlier boot left (console/lastlog.h) is to be
 * saved: SAVE_SAVED when it is, else SAVE_NOTHING, SAVE_ALREADY or
 * SAVE_BAD_LOG, with why in words.
 */
int stick_wanted(const struct lastlog_prev *p, char *why, size_t n);
/* Finds the log partition and reads every slot's header into r, writing nothing: 0, or why not. */
int stick_read(const struct stick_disk *d, struct stick_result *r);
/* Finds the log partition and reads every slot's header into r, writing nothing: 0, or why not. */
int stick_read(const struct stick_disk *d, struct stick_result *r);
/* Writes log into the slot after the newest one, header last; fills r (r->result, r->why). */
void stick_save(const struct stick_disk *d, const struct stick_log *log, struct stick_result *r);
/*
 * The slot the ring writes next: after the newest good header, skipping
 * slots refused. -1 when every slot is refused. *seq: the save's number.
 */
int stick_next_slot(const struct stick_vol *v, const struct stick_seen *seen, uint64_t *seq);

#endif
