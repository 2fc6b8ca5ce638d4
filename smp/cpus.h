/* SPDX-License-Identifier: MIT */
/*
 * The CPU table: one slot per CPU, the BSP in slot 0, then the MADT's order
 * (the numbering Linux gives CPUs). What the BSP asks of an AP and what the
 * AP answers meet here; each side writes only its own fields.
 */
#ifndef SMPSCOPE_SMP_CPUS_H
#define SMPSCOPE_SMP_CPUS_H

#include <stdint.h>

#include "../apic/enumerate.h"
#include "../apic/ipi.h"
#include "../arch/cpustate.h"
#include "../boot/ap_layout.h"
/* enum phase and phase_names: the phases the BSP waits for. */
#include "../include/events.h"
#include "../lib/diag.h"

#define SMP_MAX_CPUS AP_MAX_TICKETS

struct smp_params;
#define CPU_MAX_IPIS 6

struct cpu {
	uint32_t apic;
	struct cpu_place place;
	uint8_t enabled; /* the MADT says so and maxcpus leaves it in */
	uint8_t bsp, ghost, in_madt;
	uint8_t outside; /* enum outside_reason: why the bringup leaves it out; 0 in the plan */

	/* BSP -> AP */
	volatile uint32_t prepared, callout, tsc_go;
	/* AP -> BSP: flags, and the AP's TSC when it set them */
	volatile uint32_t alive, callin, online;
	volatile int32_t ticket;
	volatile uint64_t ap_alive, ap_callin, ap_tsc, ap_online;
	volatile uint32_t ap_gave_up; /* 1 + the phase it stopped waiting in */
	/* what the AP found at callin */
	volatile uint32_t ucode, cpuid_apic;
	struct cpu_place own_place; /* from the AP's own CPUID leaves and ID */
	volatile int64_t tsc_adjust;
	/* fault=tsc-skew: moved; the move refused (#GP); the machine ignored it (QEMU TCG) */
	volatile uint8_t tsc_adjust_known, skewed, skew_failed, skew_ignored;
	/* the warp test with this AP, when it ran, and its generation (tsc/warp.h) */
	uint8_t tsc_synced;
	volatile uint32_t warp_gen;
	/*
	 * After online (smp/tscjobs.h): a job from the BSP, what it runs (NULL:
	 * stop serving), its side and the test's generation, and the AP's answer
	 */
	volatile uint32_t job_seq, job_side, job_gen, job_ack;
	void (*volatile job_fn)(struct cpu *c, const struct smp_params *p, uint32_t side,
				uint32_t gen);
	uint64_t tsc_loop, warp_loops, warp_backwards, warp_crossed, warp_max;
	uint64_t warp_start, warp_stop; /* the BSP's side of the loop, on its TSC */
	volatile uint8_t ucode_known, mtrr_same, cr0_cd;
	volatile uint8_t mode_wrong; /* reached C in xAPIC mode in an x2APIC run; stopped */
	volatile uint32_t resting;   /* done: in the image's hlt loop until the next INIT */

	/* MSR_SMI_COUNT at the open window's start, and the SMIs inside each phase (smp/smi.h) */
	uint32_t smi_from, smi[PH_COUNT];

	/* the BSP's own stamps */
	uint8_t kicked, timed_out, late;
	enum phase timeout_phase;
	uint64_t kick_start, kick_end, seen_alive, seen_callin, tsc_done, seen_online;
	uint32_t tickets_at_kick; /* trampoline tickets taken before its own kick */
	/* when the BSP started each wait, after any log drain at the boundary before it */
	uint64_t callout_at, tsc_start;
	uint64_t gave_up_at; /* when the BSP stopped waiting, for a CPU that timed out */
	uint8_t nipi;
	struct ipi_rec ipi[CPU_MAX_IPIS];
	/* warm-reset setup for this CPU (warm_reset=per-cpu): what was read back; 2 once logged */
	uint8_t wr_set, wr_reg0f;
	uint16_t wr_seg, wr_off;

	/* machine checks on this AP (boot/mce.c keeps the records): any, one it could not go on
	 * from */
	volatile uint8_t mce, mce_stopped;
	/* what the AP found of its caches, memory types and machine checks after online */
	volatile uint32_t audited;
	struct cpu_digest audit;

	/* an exception on the AP */
	volatile uint8_t excepted;
	volatile uint32_t exc_vector, exc_step;
	volatile uint64_t exc_rip, exc_error, exc_cr2;
};

extern struct cpu cpus[SMP_MAX_CPUS];
extern unsigned ncpus;

/*
 * Fills the table from the MADT, plus a ghost:<APIC> CPU if asked; CPUs
 * past maxcpus (counting the BSP) stay listed but are not enabled.
 * Returns -1 with the reason in d.
 */
int cpus_build(const struct cpu_enum *e, unsigned maxcpus, int ghost, uint32_t ghost_apic,
	       struct diag *d);
/*
 * Tells the trampoline the table as it stands: each slot's APIC ID and
 * whether it is in the plan (enabled, not the BSP). An AP that finds a slot
 * outside the plan parks there (boot/ap_trampoline.asm).
 */
void cpus_publish(void);
int cpus_slot_of(uint32_t apic);
/* The MADT ID of a slot as firmware that renumbered the CPU would list it (fault=apicid). */
void cpus_renumber(unsigned slot, uint32_t apic);
/* The breadcrumb record of the AP in that slot, found by APIC ID; NULL if it never arrived. */
const struct ap_crumbs *cpus_crumbs(const struct cpu *c);
unsigned cpus_enabled(void);
unsigned cpus_online(void);

#endif
