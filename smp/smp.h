/* SPDX-License-Identifier: MIT */
/* What one bringup is asked to do: filled by the case runner from the knobs. */
#ifndef SMPSCOPE_SMP_SMP_H
#define SMPSCOPE_SMP_SMP_H

#include <stdint.h>

#include "../arch/cpustate.h"
#include "../boot/trampoline.h"
/* enum phase: fault=smi names one. */
#include "../include/events.h"
/* enum flow, order, warm_reset, tsc_sync and their names. */
#include "../include/knob_values.h"

/* A stop/exception fault at one of the C steps (c-entry and the phases). */
struct ap_fault {
	uint32_t kind; /* AP_FAULT_STOP or AP_FAULT_EXCEPTION */
	uint32_t step;
	struct apic_set at;
};

#define SMP_MAX_AP_FAULTS 4

/* What the audit's faults break on an AP (smp/audit.c): arch/cpustate.h's, and a page type. */
#define FAULT_BREAK_MEMTYPE CPU_BREAK_COUNT
#define FAULT_BREAKS	    (CPU_BREAK_COUNT + 1)

/* fault=esr: the bad IPI sent before an AP's kick (smp/kickfault.h). */
enum bad_ipi { BAD_IPI_NONE, BAD_IPI_VECTOR, BAD_IPI_DEST };

/*
 * The faults of fault= as the bringup injects them, their targets resolved
 * to APIC IDs (cases/fault_resolve.c fills it from the rows of
 * include/fault_kinds.h); all zero: none.
 */
struct fault_plan {
	int nosipi; /* the kick of each of nosipi_at sends INIT only */
	struct apic_set nosipi_at;
	enum bad_ipi esr; /* sent before the kick of each of esr_at */
	struct apic_set esr_at;
	int sipi_again; /* one more SIPI to each of sipi_again_at once the flow is done */
	struct apic_set sipi_again_at;
	int skew; /* tsc-skew: skew_apic's TSC moved by skew_cycles in its warp test */
	uint32_t skew_apic;
	int64_t skew_cycles;
	int absent; /* tsc-absent: each of absent_at comes online but never joins a TSC test */
	struct apic_set absent_at;
	int reset_on_hang; /* the first timeout resets the machine */
	int bsp_ud2_mid;   /* the BSP's #UD once half the APs are online */
	int smi;	   /* one SMI from the BSP inside smi_phase's window of smi_apic */
	enum phase smi_phase;
	uint32_t smi_apic;
	/* What the trampoline does: stop, exception, apicid, apic-mode. */
	struct tramp_fault tramp;
	unsigned n_ap; /* stop/exception at the C steps */
	struct ap_fault ap[SMP_MAX_AP_FAULTS];
	/* pat, mce-off, mtrr, cache-off, memtype: a mask of FAULT_BREAK_*, each with its APs */
	unsigned breaks;
	struct apic_set break_at[FAULT_BREAKS];
};

#define AP_WAKE_VECTOR 0xf0
/* A parked AP's safety timer: apart from the wake vector, so a wake can be told from a tick. */
#define AP_PARK_TIMER_VECTOR 0xef

struct smp_params {
	enum flow flow;
	enum order order;
	enum warm_reset warm_reset;
	int x2apic;
	int bsp_fw_x2apic;		  /* the mode the firmware left the BSP in */
	enum apicid_source apicid_source; /* how an AP finds its slot */
	uint64_t init_udelay, sipi_udelay;
	unsigned sipi;
	uint64_t timeout_cycles;
	int log_live;
	int ap_wait_hlt; /* APs sleep in hlt and the BSP wakes them with AP_WAKE_VECTOR */
	enum tsc_sync tsc_sync;
	uint64_t tsc_loop_cycles;  /* tsc_loop_ms */
	uint64_t tsc_short_cycles; /* 2 ms: when a thread of the AP's core is already online */
	int tsc_adjust;		   /* the BSP's CPUID says IA32_TSC_ADJUST exists */
	int tsc_pairs;		   /* warp-test every pair of packages after bringup */
	unsigned tsc_trials;	   /* how many times the TSC test runs (tsc_trials=) */
	int identify;		   /* probe: each AP stops at c-entry, its IDs read */
	int between_init;	   /* between=init: INIT every AP after a bringup, parked or not */
	int smi_counted;	   /* the BSP reads MSR_SMI_COUNT around each window (smp/smi.h) */
	int park_on;		   /* case=park: online APs park (smp/park.h) instead of halting */
	enum park_mode park;	   /* park= */
	enum wake_kind wake;	   /* wake= */
	struct fault_plan fault;   /* fault= */
};

struct smp_result {
	uint64_t first_kick, last_online; /* TSC; last_online 0 if none came up */
	uint64_t drain_cycles;		  /* spent writing the log during the flow */
	uint64_t drain_in_window; /* of that, before the last CPU came online: not counted */
	unsigned timeouts, exceptions, parked, late;
	unsigned mce_stops; /* APs a machine check stopped (diagnosed, not timed out) */
	unsigned onlines;   /* APs seen online so far, for fault=bsp-ud2:mid */
};

/* The AP a fault without @APIC aims at: the first one the flow kicks; NULL if none. */
struct cpu *smp_first_kicked(const struct smp_params *p);
/* Runs the flow over the CPU table (smp/cpus.h); the trampoline must be installed. */
void smp_run(const struct smp_params *p, struct smp_result *r);
/*
 * probe's identify pass: each AP kicked in MADT order, one at a time, until
 * its C entry (its IDs are then in its breadcrumbs), then parked in its hlt
 * loop (between=init, or one that did not answer: sent INIT back to
 * wait-for-SIPI). Returns how many answered.
 */
unsigned smp_identify(const struct smp_params *p, struct smp_result *r);
/* A phase boundary: with log=live the ring goes to the consoles here. */
void smp_boundary(const struct smp_params *p, struct smp_result *r);

#endif
