/* SPDX-License-Identifier: MIT */
/*
 * A copy of the log in RAM at a fixed address, kept across a reset, so the
 * boot after a hang can print what the hung one said (case=lastlog). Two
 * slots: each boot writes into the one not holding the newest log, so a
 * lastlog boot still finds the boot before it.
 */
#ifndef SMPSCOPE_CONSOLE_PERSIST_H
#define SMPSCOPE_CONSOLE_PERSIST_H

#include <stddef.h>
#include <stdint.h>

#include "../boot/bootinfo.h"

/*
 * Fixed, so the next boot finds them: above the image (which ends near
 * 2 MiB), below anything GRUB loads high; the buffers placed from the
 * memory map keep out of them (docs/layout.md, "Memory").
 */
#define PERSIST_BASE	  0x1000000ull
#define PERSIST_SLOT_SIZE (1u << 20)

struct persist_prev {
	int found;	     /* a slot with a good magic and checksum */
	uint32_t boot;	     /* its boot count */
	uint32_t len;	     /* bytes of log text */
	const char *text;    /* where they are */
	int damaged;	     /* a slot with our magic whose checksum does not match */
	uint64_t slot_addr;  /* where the previous log is, or was looked for */
	const char *why_off; /* NULL, or why this boot keeps no copy */
};

/*
 * Before the first log line: finds the newest good log of an earlier boot
 * and starts this boot's copy in the other slot, if the footprint found
 * both slots in RAM (boot/footprint_image.h: call footprint_check() first).
 */
void persist_start(const struct bootinfo *bi);
/* Appends log text; called with the ring's lock held, so never concurrently. */
void persist_put(const char *s, size_t n);
/* Stops this boot's copy and drops it, so the earlier log stays the newest. */
void persist_forget_current(void);
const struct persist_prev *persist_previous(void);

#endif
