/* SPDX-License-Identifier: MIT */
/*
 * What smpscope-report knows of a serial log: boots, each with its case
 * runs, and for each run its CPUs, phases and checks. Event and step names
 * come from include/events.h, as the image writes them.
 */
#ifndef SMPSCOPE_REPORT_MODEL_H
#define SMPSCOPE_REPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "../../include/events.h"

#define RPT_MAX_CPUS	 1024
#define RPT_MAX_CHECKS	 64
#define RPT_MAX_PROBLEMS 32

struct rpt_cpu {
	int slot, present; /* an ev=cpu line named it */
	uint32_t apic, pkg, core, smt;
	int enabled, bsp;
	int has_ap; /* an ev=ap line reported it */
	char state[32], last_step[16];
	uint64_t phase[PH_COUNT]; /* ev=ap: cycles in each phase, keyed by phase_names */
	uint64_t total, us;
	int64_t smi; /* ev=ap smi=: SMIs inside the AP's windows; -1 where none were counted */
	int timed_out;
	char timeout_phase[16], timeout_step[16];
	int excepted; /* an ev=exception named this CPU */
	char exc_step[16], exc_name[16];
	/* ev=ap-times: each phase's start and end, cycles from the run's first kick */
	int has_times;
	uint64_t times[PH_COUNT][2];
	int phase_seen[PH_COUNT];
	/* ev=tsc-warp: the largest warp this CPU read behind another's value, and whose */
	uint64_t tsc_warp;
	int tsc_warp_behind;
	char tsc_absent[16]; /* ev=tsc-absent why=: left out of tsc_sync=together's window */
};

struct rpt_check {
	int ok, skip;
	char name[48], msg[256];
};

struct rpt_run {
	char case_name[48], flow[32], knobs[512];
	int have_bringup, online, enabled;
	int skipped; /* its top-level result says "# SKIP": case=all's ladder=stop */
	uint64_t cycles, us, tsc_hz, drain_cycles;
	int tsc_trials, tsc_trials_caught; /* ev=tsc-trial lines, and those with a warp */
	int result;			   /* -1 none yet, 0 not ok, 1 ok */
	int nchecks, checks_cap;
	struct rpt_check *checks;
	int ncpus, cpus_cap; /* ncpus: highest slot + 1 */
	struct rpt_cpu *cpus;
};

/*
 * The machine a boot ran on, from its header: ev=boot's CPUID identity and
 * SMBIOS BIOS vendor (ev=exit's vendor for an image older than those keys),
 * the loader and whether it came through UEFI. Read for the fleet page.
 */
struct rpt_machine {
	int have_boot, efi, have_cpuid; /* an ev=boot line; its family= and the rest */
	uint32_t family, model, stepping;
	char cpu_vendor[16], brand[64], bios_vendor[64], loader[64];
};

/*
 * One case run. A boot runs one case, except case=all: each of its rungs
 * (from an ev=rung line to its top-level result) is a record of its own,
 * and the records of one boot share boot_no, boot_case and the exit.
 */
struct rpt_boot {
	int first_line;
	int boot_no;	     /* which boot of the log, from 1; the same for a boot's rungs */
	int rung, rungs;     /* case=all: this rung's number and how many (ev=rung); else 0 */
	char boot_case[48];  /* the case= the boot was given: "all" for a ladder's rungs */
	char exit_result[8]; /* "pass", "fail" or "" when the log ends first */
	int exit_line;	     /* the ev=exit line, or 0 */
	int from_lastlog;    /* read from a lastlog dump: an earlier boot, told by a later one */
	struct rpt_machine machine;
	struct rpt_run run;
};

struct rpt_log {
	int nboots, cap;
	struct rpt_boot *boots;
	int prefix; /* columns of capture-tool prefix cut from every line */
	int nlines; /* lines read: of the console text a LAVA log holds, for one */
	int lava;   /* the file was a LAVA job log, its console rebuilt (lava.h) */
	int nproblems, problems_dropped;
	char problems[RPT_MAX_PROBLEMS][160];
};

/* Reads a whole log; never fails on content, only names what it could not parse. */
int rpt_parse_file(const char *path, struct rpt_log *log);
/* The whole file, malloc'd (its length in *len), or NULL with errno set. */
char *rpt_read_file(const char *path, size_t *len);
int rpt_parse_text(const char *text, size_t len, struct rpt_log *log);
void rpt_free(struct rpt_log *log);

#endif
