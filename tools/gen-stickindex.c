/* SPDX-License-Identifier: MIT */
/*
 * Writes smpscope/index.bin for the stick image (tools/mkstick.sh) from what
 * mtools' mshowfat says of the slot files, one line each:
 *     ::/smpscope/slot-00.log <4-131>
 * Each slot must be one run of clusters as long as a slot, numbered from 0
 * without a gap, or nothing is written and the build fails: the image writes
 * a slot as one run of sectors (include/stick.h, docs/report.md "Slots").
 *     gen-stickindex CLUSTER_BYTES < mshowfat-output > index.bin
 *     gen-stickindex --params    the layout, as shell assignments, for tools/mkstick.sh
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../include/stick.h"

int main(int argc, char **argv)
{
	struct stick_index ix = { .volume_id = STICK_VOLUME_ID, .slot_bytes = STICK_SLOT_BYTES };
	static unsigned char out[STICK_INDEX_BYTES];
	char line[512];

	if (argc == 2 && !strcmp(argv[1], "--params")) {
		printf("slots=%u slot_bytes=%u volume_id=%08x label=%.8s\n", STICK_SLOTS,
		       STICK_SLOT_BYTES, STICK_VOLUME_ID, STICK_LABEL);
		return 0;
	}
	if (argc != 2 || !(ix.cluster_bytes = (uint32_t)strtoul(argv[1], NULL, 0)) ||
	    STICK_SLOT_BYTES % ix.cluster_bytes) {
		fprintf(stderr, "usage: gen-stickindex CLUSTER_BYTES < mshowfat-output\n");
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		unsigned slot, first, last;
		char tail[8];

		if (sscanf(line, "::/smpscope/slot-%u.log <%u-%u>%7s", &slot, &first, &last,
			   tail) != 3) {
			fprintf(stderr, "gen-stickindex: not one run of clusters: %s", line);
			return 1;
		}
		if (slot != ix.count || ix.count >= STICK_INDEX_MAX ||
		    (uint64_t)(last - first + 1) * ix.cluster_bytes != STICK_SLOT_BYTES) {
			fprintf(stderr, "gen-stickindex: slot %u out of order or not %u bytes: %s",
				slot, STICK_SLOT_BYTES, line);
			return 1;
		}
		ix.cluster[ix.count++] = first;
	}
	if (ix.count != STICK_SLOTS) {
		fprintf(stderr, "gen-stickindex: %u slots, expected %u\n", ix.count, STICK_SLOTS);
		return 1;
	}
	stick_index_encode(&ix, out);
	return fwrite(out, sizeof(out), 1, stdout) == 1 ? 0 : 1;
}
