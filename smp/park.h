/* SPDX-License-Identifier: MIT */
/*
 * Parking APs after bringup and waking them without INIT/SIPI, as a kexec
 * that keeps its CPUs parked would (docs/flows.md, "Park and rewake"). Each
 * AP watches a line of its own, its box; what it saw and did it writes
 * outside that line, in its record, so a box someone else overwrote
 * (park_clobber=on) cannot hide the answer.
 */
#ifndef SMPSCOPE_SMP_PARK_H
#define SMPSCOPE_SMP_PARK_H

#include <stdint.h>

#include "cpus.h"
#include "smp.h"

/*
 * The line MONITOR arms: one a CPU, with nothing else on it. Its size is
 * CPUID leaf 5's largest monitor line (64 on every part seen; some older
 * ones say 128), between PARK_LINE and PARK_LINE_MAX (docs/flows.md).
 */
#define PARK_LINE     64
#define PARK_LINE_MAX 256
/* What park_clobber=on fills a box with: no magic, no command. */
#define PARK_CLOBBER_BYTE 0xa5

/* One timed wake: from the BSP's TSC at the wake to the AP's when it saw it. */
struct park_time {
	int ok;		 /* the AP answered within timeout_ms */
	int parked;	 /* it was parked when the wake (or the overwrite) came */
	int64_t one_way; /* AP's TSC minus BSP's: only as good as the TSCs are in step */
	uint64_t rtt;	 /* until the BSP saw the answer: on the BSP's TSC alone */
	uint32_t by, action;
};

/* CPUID.1:ECX[3] on this CPU: MONITOR and MWAIT exist. */
int park_mwait_present(void);
/* BSP, before the flow: every box holds a valid "stay parked", every record is clear. */
void park_arm(void);
/* AP, once online: parks until a wake (answered, then parks again) or a box it does not know. */
void __attribute__((noreturn))
park_ap(struct cpu *c, const struct smp_params *p, uint64_t patience);
/* From the AP's interrupt handler: counts the wake vector and the park timer. */
void park_irq(uint64_t vector);

/* BSP: waits for c to park, then wakes it as wake= says and times it. 0 when it answered. */
int park_wake(struct cpu *c, const struct smp_params *p, struct park_time *t);
/*
 * BSP: INIT (back to wait-for-SIPI), then a whole INIT/SIPI kick, timed
 * from the kick to the AP's alive; then waits for it to come online and
 * park again. 0 when it did.
 */
int park_initsipi(struct cpu *c, const struct smp_params *p, struct park_time *t);
/*
 * BSP: overwrites the box of every parked AP of list (timing each from its
 * own store), then waits, at most timeout_cycles in all, for what each did.
 */
void park_clobber(struct cpu **list, unsigned n, uint64_t timeout_cycles, struct park_time *out);

#endif
