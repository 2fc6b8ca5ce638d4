/* SPDX-License-Identifier: MIT */
/*
 * rounds=N: the same bringup N times in one boot (between=: APs parked or INIT
 * between). Each
 * round's phases are kept per CPU; at the end each CPU's failures and the
 * min/median/max of each phase make a table in the log, and one KTAP check
 * sums it up (docs/flows.md, "Rounds"; docs/log-format.md, ev=rounds).
 */
#ifndef SMPSCOPE_SMP_ROUNDS_H
#define SMPSCOPE_SMP_ROUNDS_H

#include <stddef.h>

#include "smp.h"

/* Samples kept: rounds x APs x (phases + total), 4 bytes each. */
#define ROUNDS_MAX_SAMPLES 65536

/*
 * Starts the statistics for n rounds over the APs the CPU table enables
 * now. Returns -1, with the reason in why, when they would not fit.
 */
int rounds_begin(unsigned n, char *why, size_t size);
/* After round k (1-based) of the flow: its line (ev=round) and its samples. */
void rounds_add(unsigned k, const struct smp_params *p, const struct smp_result *r,
		unsigned init_sent, unsigned parked);
/* The table (ev=rounds) and the check rounds_all_online; returns 1 when it passed. */
int rounds_report(void);

#endif
