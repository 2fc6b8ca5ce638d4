/* SPDX-License-Identifier: MIT */
/* What one run of the image is asked to do: the knobs, parsed and checked. */
#ifndef SMPSCOPE_CASES_CONFIG_H
#define SMPSCOPE_CASES_CONFIG_H

#include <stdint.h>

#include "../console/spec.h"
#include "../include/knob_values.h"
#include "../lib/cmdline.h"
#include "fault_parse.h"

#define CONFIG_MAX_CONSOLES 6

struct config {
	int case_idx;
	/* Enumerated knobs: an index into the knob's list (include/knob_values.h). */
	int log;	   /* enum log_mode */
	int postcode;	   /* enum onoff */
	int screen;	   /* enum screen_mode */
	int flow;	   /* enum flow */
	int order;	   /* enum order */
	int warm_reset;	   /* enum warm_reset */
	int apic;	   /* enum apic_knob */
	int ap_wait;	   /* enum ap_wait */
	int apicid_source; /* enum apicid_source */
	int tsc_sync;	   /* enum tsc_sync */
	int tsc_pairs;	   /* enum onoff */
	int identify;	   /* enum onoff */
	int on_exit;	   /* enum on_exit */
	int lastlog;	   /* enum lastlog_mode; LASTLOG_AUTO with lastlog_addr set: lastlog=ADDR */
	uint64_t lastlog_addr;
	int save;	  /* enum save_mode: the previous boot's log to the stick */
	int park;	  /* enum park_mode: case=park */
	int wake;	  /* enum wake_kind: case=park */
	int park_clobber; /* enum onoff: case=park */
	int ladder;	  /* enum ladder_mode: case=all after a failing rung */
	int between;	  /* enum between_mode: the APs between bringups */
	int fault_from;	  /* case=all: the case index of the first rung fault= applies to */
	int fw_sim;	  /* enum fw_sim: test-only firmware state (cases/fwsim.c) */
	int in_ladder;	  /* set by case=all for its rungs: a fault at a CPU not brought up waits */
	uint64_t rounds;  /* bringups of the flow in one boot */
	uint64_t maxcpus;
	uint64_t init_udelay, sipi, sipi_udelay;
	uint64_t timeout_ms;
	uint64_t tsc_loop_ms;
	uint64_t tsc_trials;
	unsigned nconsoles;
	struct console_spec consoles[CONFIG_MAX_CONSOLES];
	unsigned nfaults;
	struct fault faults[FAULT_MAX];
};

extern const struct knob knob_table[];
extern const size_t knob_count;

/*
 * Fills cfg from a command line: defaults, then the chosen case's preset,
 * then the line itself, so a knob given by hand beats the preset. Returns
 * the number of errors; on errors cfg still holds usable defaults.
 */
unsigned config_parse(const char *line, struct config *cfg, struct cmdline_errors *errs);
/* The same, with the preset of case case_idx whatever case= says, and case_idx the case run. */
unsigned config_parse_as(const char *line, int case_idx, struct config *cfg,
			 struct cmdline_errors *errs);
/* The fault of that kind, or NULL. */
const struct fault *config_fault(const struct config *cfg, enum fault_kind kind);

#endif
