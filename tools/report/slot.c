/* SPDX-License-Identifier: MIT */
#include "slot.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/stick.h"

void rpt_slot_text(const char *buf, size_t len, const char **text, size_t *tlen, const char **why)
{
	struct stick_head h;
	enum stick_head_state st;

	*text = buf;
	*tlen = len;
	*why = NULL;
	if (len < STICK_SECTOR)
		return;
	st = stick_head_decode((const uint8_t *)buf, &h);
	if (st == STICK_HEAD_FOREIGN || (st == STICK_HEAD_EMPTY && len != STICK_SLOT_BYTES))
		return; /* a capture of the serial line, not a slot */
	*tlen = 0; /* an empty slot, as the build made it, says nothing: most of a stick's are */
	if (st == STICK_HEAD_DAMAGED)
		*why = "a slot whose header fails its checksum: not read";
	else if (STICK_SECTOR + (size_t)h.text_len > len || !stick_text_ok(&h, buf + STICK_SECTOR))
		*why = "a half-written slot (its log fails its checksum): not read";
	else if (st == STICK_HEAD_OK) {
		*text = buf + STICK_SECTOR;
		*tlen = h.text_len;
	}
}

struct row {
	char name[64];
	enum stick_head_state state;
	int half;
	struct stick_head h;
};

static int by_seq(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->state != y->state)
		return (int)x->state - (int)y->state;
	if (x->h.seq != y->h.seq)
		return x->h.seq < y->h.seq ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The header of path and whether its text matches it; 0 when it is no slot. */
static int read_row(const char *dir, const char *name, struct row *r)
{
	static char buf[STICK_SLOT_BYTES];
	char path[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "rb")))
		return 0;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (n < STICK_SECTOR)
		return 0;
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->state = stick_head_decode((const uint8_t *)buf, &r->h);
	if (r->state == STICK_HEAD_FOREIGN ||
	    (r->state == STICK_HEAD_EMPTY && n != STICK_SLOT_BYTES))
		return 0;
	r->half = r->state == STICK_HEAD_OK && (STICK_SECTOR + (size_t)r->h.text_len > n ||
						!stick_text_ok(&r->h, buf + STICK_SECTOR));
	return 1;
}

int print_slots(FILE *out, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct row *rows = NULL;
	size_t n = 0, cap = 0, empty = 0;

	if (!d) {
		fprintf(stderr, "smpscope-report: cannot read the folder %s\n", dir);
		return 2;
	}
	while ((e = readdir(d))) {
		if (n == cap &&
		    !(rows = realloc(rows, (cap = cap ? 2 * cap : 64) * sizeof(*rows)))) {
			closedir(d);
			return 2;
		}
		n += (size_t)read_row(dir, e->d_name, &rows[n]);
	}
	closedir(d);
	qsort(rows, n, sizeof(*rows), by_seq);
	fprintf(out, "%5s  %-14s %5s  %-5s %-20s %-11s %s\n", "save", "slot", "boot", "via", "case",
		"verdict", "first failure");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		if (r->state == STICK_HEAD_EMPTY) {
			empty++;
			continue;
		}
		if (r->state == STICK_HEAD_DAMAGED)
			fprintf(out, "%5s  %-14s its header fails its checksum: not read\n", "-",
				r->name);
		else if (r->half)
			fprintf(out,
				"%5llu  %-14s half-written (its log fails its checksum): not "
				"read\n",
				(unsigned long long)r->h.seq, r->name);
		else
			fprintf(out, "%5llu  %-14s %5u  %-5s %-20s %-11s %s%s\n",
				(unsigned long long)r->h.seq, r->name, r->h.boot, r->h.via,
				r->h.case_name, r->h.verdict, r->h.failure,
				r->h.ram_len > r->h.text_len ? " (the log was cut to fit)" : "");
	}
	fprintf(out, "%zu saved, %zu empty\n", n - empty, empty);
	free(rows);
	return n ? 0 : 1;
}
