/* SPDX-License-Identifier: MIT */
/*
 * The stick save as every boot does it (cases/save.h), and the save case:
 * a boot that only saves and shows what it saved, and what the stick holds.
 */
#include "save.h"

#include "../boot/efi.h"
#include "../boot/footprint_image.h"
#include "../boot/int13.h"
#include "../console/ktap.h"
#include "../console/lastlog.h"
#include "../console/log.h"
#include "../console/stick.h"
#include "../lib/fmt.h"
#include "../lib/string.h"
#include "case_ops.h"
#include "table.h"

static struct stick_result res;
static int attempted;
static const char *via = "none";

typedef const struct stick_disk *(*disk_getter)(const struct bootinfo *bi, char *why, size_t n);

/*
 * The RAM log, if one is to be saved, to the disk get() finds; the outcome in res. With
 * list (case=save), the stick's slots are read even when there is nothing to save.
 */
static void save_with(disk_getter get, const struct bootinfo *bi, const char *how, int list)
{
	const struct lastlog_prev *p = lastlog_previous();
	struct stick_log log = { p->text, p->len, p->boot, how };
	const struct stick_disk *d;
	char why[sizeof(res.why)];
	int want = stick_wanted(p, why, sizeof(why));

	attempted = 1;
	via = how;
	if (want != SAVE_SAVED) {
		char none[sizeof(res.why)];

		memset(&res, 0, sizeof(res));
		if (p->found)
			log_summarize(p->text, p->len, &res.sum);
		if (list && (d = get(bi, none, sizeof(none))))
			stick_read(d, &res);
		res.result = want;
		str_copy(res.why, why, sizeof(res.why));
		return;
	}
	d = get(bi, why, sizeof(why));
	if (!d) {
		memset(&res, 0, sizeof(res));
		log_summarize(p->text, p->len, &res.sum);
		res.result = SAVE_NO_DISK;
		str_copy(res.why, why, sizeof(res.why));
		return;
	}
	stick_save(d, &log, &res);
	if (res.result == SAVE_SAVED)
		lastlog_mark_saved(res.slot);
}

static const struct stick_disk *efi_disk(const struct bootinfo *bi, char *why, size_t n)
{
	(void)bi;
	return efi_boot_disk(why, n);
}

static const struct stick_disk *bios_disk(const struct bootinfo *bi, char *why, size_t n)
{
	if (bi->efi) {
		fmt_buf(why, n,
			"the loader ended the firmware's boot services before the image ran");
		return NULL;
	}
	if (!bi->has_bootdev) {
		fmt_buf(why, n, "the loader named no BIOS boot drive (multiboot2 tag 5)");
		return NULL;
	}
	return int13_disk((uint8_t)bi->bootdev, bi, why, n);
}

static int is_save_case(const struct config *cfg)
{
	return strcmp(case_table[cfg->case_idx].name, "save") == 0;
}

static void save_off(void)
{
	attempted = 1;
	memset(&res, 0, sizeof(res));
	res.result = SAVE_OFF;
	str_copy(res.why, "save=off", sizeof(res.why));
}

void save_before_exit(const struct bootinfo *bi)
{
	static struct config cfg;
	static struct cmdline_errors errs;
	struct lastlog_place pl[LASTLOG_PLACES_MAX];

	/* A knob error is the runner's to report; the save takes the knobs it can read. */
	config_parse(bi->cmdline, &cfg, &errs);
	if (cfg.save == SAVE_KNOB_OFF) {
		save_off();
		return;
	}
	footprint_check(bi, cfg.lastlog_addr);
	lastlog_find(pl, footprint_lastlog_places(pl));
	save_with(efi_disk, bi, "uefi", is_save_case(&cfg));
}

void save_bios(const struct config *cfg, const struct bootinfo *bi)
{
	if (attempted)
		return;
	if (cfg->save == SAVE_KNOB_OFF)
		save_off();
	else
		save_with(bios_disk, bi, "bios", is_save_case(cfg));
}

void save_report(void)
{
	const struct efi_exit *x = efi_exit_report();
	char why[sizeof(res.why) + 8], fail[sizeof(res.sum.failure) + 8], slot[16] = "-";
	char exits[64] = "", verdict[24];

	if (res.result == SAVE_SAVED)
		stick_slot_name(res.slot, slot, sizeof(slot));
	if (x->started)
		fmt_buf(exits, sizeof(exits), " exit_tries=%u exit_status=%#llx", x->tries,
			(unsigned long long)x->status);
	fmt_quote(why, sizeof(why), res.why);
	fmt_quote(fail, sizeof(fail), res.sum.failure[0] ? res.sum.failure : "none");
	fmt_quote(verdict, sizeof(verdict), res.sum.verdict[0] ? res.sum.verdict : "none");
	ev(EV_SAVE, "result=%s via=%s slot=%s seq=%llu case=%s verdict=%s failure=%s why=%s%s",
	   save_result_names[res.result], attempted ? via : "none", slot,
	   (unsigned long long)(res.result == SAVE_SAVED ? res.head.seq : 0),
	   res.sum.case_name[0] ? res.sum.case_name : "none", verdict, fail, why, exits);
	if (x->why)
		log_line("# leaving the firmware's boot services: %s (status %#llx, %u tries)",
			 x->why, (unsigned long long)x->status, x->tries);
	if (res.result == SAVE_SAVED)
		log_line("# saved the previous boot's log (case %s, %s, %s) to %s",
			 res.sum.case_name, res.sum.verdict, res.sum.failure, res.why);
	else if (res.result == SAVE_BAD_LOG)
		log_line("# the previous boot's log is not saved: %s", res.why);
	else if (res.result != SAVE_ALREADY && res.result != SAVE_NOTHING && res.result != SAVE_OFF)
		log_line("# the previous boot's log (case %s, %s, %s) is not saved: %s",
			 res.sum.case_name, res.sum.verdict, res.sum.failure, res.why);
}

/* The slots as the save found them, the one it wrote included, oldest first. */
static void list_slots(void)
{
	uint64_t done = 0;

	for (unsigned k = 0; k < res.nseen; k++) {
		const struct stick_head *h = NULL;
		char name[16];

		for (unsigned i = 0; i < res.nseen; i++) {
			const struct stick_head *c = res.result == SAVE_SAVED && i == res.slot
							     ? &res.head
							     : &res.seen[i].head;

			if ((c == &res.head || res.seen[i].state == STICK_HEAD_OK) &&
			    c->seq > done && (!h || c->seq < h->seq))
				h = c;
		}
		if (!h)
			break;
		done = h->seq;
		stick_slot_name(h->slot, name, sizeof(name));
		log_line("# %s: save %llu, boot %u, case %s, %s, %s", name,
			 (unsigned long long)h->seq, h->boot, h->case_name, h->verdict, h->failure);
	}
}

static int run(const struct config *cfg, const struct bootinfo *bi)
{
	int ok = res.result == SAVE_SAVED || res.result == SAVE_ALREADY;

	(void)cfg;
	(void)bi;
	list_slots();
	log_drain();
	if (res.result == SAVE_SAVED)
		ktap_check(1, "log_saved", "boot %u's log (case %s, %s, %s) to %s", res.head.boot,
			   res.sum.case_name, res.sum.verdict, res.sum.failure, res.why);
	else
		ktap_check(ok, "log_saved", "%s: %s", save_result_names[res.result], res.why);
	return ok;
}

/* It starts no AP and injects nothing: fault= is not looked at. */
const struct case_ops save_ops = {
	.run = run,
};
