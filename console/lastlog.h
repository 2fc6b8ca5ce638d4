/* SPDX-License-Identifier: MIT */
/*
 * A copy of the log in RAM, kept across a reset, so the boot after a hang
 * can print what the hung one said (case=lastlog). A place holds a marker
 * page and two slots: each boot writes into the slot not holding the
 * newest log, so a lastlog boot still finds the boot before it, and leaves
 * a marker naming that slot in every place, so the boot after it can tell
 * a log that firmware wiped from no log at all (docs/log-format.md, "Kept
 * across a reset"; docs/layout.md, "Memory").
 */
#ifndef SMPSCOPE_CONSOLE_LASTLOG_H
#define SMPSCOPE_CONSOLE_LASTLOG_H

#include <stddef.h>
#include <stdint.h>

#define LASTLOG_MARK_SIZE   0x1000u
#define LASTLOG_SLOT_SIZE   (1u << 20)
#define LASTLOG_REGION_SIZE (LASTLOG_MARK_SIZE + 2ull * LASTLOG_SLOT_SIZE)
/*
 * Where a boot looks, and where it keeps its copy unless lastlog=ADDR says
 * otherwise: the first of them the map shows as free RAM. Found by booting
 * OVMF and SeaBIOS on a RAM file filled with a pattern (docs/layout.md,
 * "Memory"): OVMF rewrites 8-23 MiB at every boot, where 16 MiB, the old
 * place, lay; 32, 64 and 128 MiB survive both.
 */
#define LASTLOG_DEFAULT_PLACES                                                                     \
	{                                                                                          \
		0x2000000ull, 0x4000000ull, 0x8000000ull                                           \
	}
#define LASTLOG_DEFAULTS   3
#define LASTLOG_PLACES_MAX (LASTLOG_DEFAULTS + 1)
/* lastlog=ADDR: page-aligned, above the low MiB, the whole place below 4 GiB (identity-mapped). */
#define LASTLOG_ADDR_MIN   0x100000ull
#define LASTLOG_ADDR_ALIGN 0x1000ull
#define LASTLOG_ADDR_LIMIT 0x100000000ull
#define LASTLOG_GRAMMAR                                                                            \
	"auto, off, or an address: a multiple of 0x1000 from 0x100000 up, the place's "            \
	"0x201000 bytes below 4 GiB"

/*
 * The places a boot uses, the one it writes first: addr (lastlog=ADDR;
 * 0: none), then the defaults its region does not overlap. Returns how many.
 */
static inline unsigned lastlog_places(uint64_t addr, uint64_t out[LASTLOG_PLACES_MAX])
{
	static const uint64_t defaults[LASTLOG_DEFAULTS] = LASTLOG_DEFAULT_PLACES;
	unsigned n = 0;

	if (addr)
		out[n++] = addr;
	for (unsigned i = 0; i < LASTLOG_DEFAULTS; i++)
		if (!addr || defaults[i] + LASTLOG_REGION_SIZE <= addr ||
		    addr + LASTLOG_REGION_SIZE <= defaults[i])
			out[n++] = defaults[i];
	return n;
}

struct lastlog_place {
	uint64_t addr; /* physical: what a marker names */
	void *mem; /* where its LASTLOG_REGION_SIZE bytes are reached; NULL: not RAM, not read */
};

struct lastlog_prev {
	int found;	     /* a slot with a good magic and checksum */
	uint32_t boot;	     /* the newest such log's boot count */
	uint32_t len;	     /* its bytes of text */
	const char *text;    /* where they are */
	uint64_t addr;	     /* its slot's address; 0 when none was found */
	int saved;	     /* that log is on the stick already (console/stick.h) */
	uint32_t saved_slot; /* in that stick slot */
	int damaged;	     /* a slot with our magic whose checksum does not match: not trusted */
	uint64_t damaged_at; /* the first such slot */
	/* The newest marker: the boot that wrote it and the slot it names (0, 0: none). */
	uint32_t mark_boot;
	uint64_t mark_place, mark_log; /* the place and the slot it names */
	uint64_t mark_at;	       /* where the marker is */
	int wiped;		       /* that slot is read here and its log is gone or broken */
	int elsewhere;		       /* that slot is in no place this boot reads */
	uint32_t this_boot;	       /* this boot's count: one past the newest seen */
	uint64_t keep;		       /* this boot's slot; 0: no copy */
	const char *why_off;	       /* NULL, or why this boot keeps no copy */
	const char *flush;	       /* how its stores reach RAM: console/cacheflush.h */
};

/*
 * Before the first log line: finds the newest good log of an earlier boot
 * and the newest marker among the n places, then, unless why_off is given,
 * starts this boot's copy in places[0] and writes a marker into every
 * place that is read. Every store to a slot or marker is written back to
 * RAM before the next one counts on it (console/cacheflush.h).
 */
void lastlog_start(const struct lastlog_place *places, unsigned n, const char *why_off);
/*
 * Only the finding, nothing written: for the save under UEFI, which runs
 * while the firmware still owns the memory (cases/save.c).
 */
void lastlog_find(const struct lastlog_place *places, unsigned n);
/* Marks the newest good log saved to that stick slot, so no later boot saves it again. */
void lastlog_mark_saved(unsigned stick_slot);
/* Appends log text; called with the ring's lock held, so never concurrently. */
void lastlog_put(const char *s, size_t n);
const struct lastlog_prev *lastlog_previous(void);

#endif
