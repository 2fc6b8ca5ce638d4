/* SPDX-License-Identifier: MIT */
/* Waking APs: INIT, INIT deassert, then STARTUP IPIs, with the knobs' delays. */
#ifndef SMPSCOPE_SMP_KICK_H
#define SMPSCOPE_SMP_KICK_H

#include "cpus.h"
#include "smp.h"

/* INIT/SIPI/SIPI to one CPU; the IPIs and the kick's cost are kept in c. */
void kick_one(struct cpu *c, const struct smp_params *p);
/* INIT alone (assert, deassert): the CPU goes back to wait-for-SIPI; kept in c. */
void kick_init(struct cpu *c, const struct smp_params *p);
/* The same sequence to all-excluding-self; the IPIs are kept in the BSP's slot. */
void kick_broadcast(const struct smp_params *p);

#endif
