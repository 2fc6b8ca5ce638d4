/* SPDX-License-Identifier: MIT */
/*
 * Machine checks (docs/hardware.md, "Machine checks"): each CPU's banks set
 * up as the SDM's example and Linux's mce/core.c do, the errors left in them
 * from before this boot kept as records, and every #MC recorded. Records are
 * written by the CPU that found them, in any context, and logged later by
 * mce_log_new(), outside any timed window.
 */
#ifndef SMPSCOPE_BOOT_MCE_H
#define SMPSCOPE_BOOT_MCE_H

#include <stdint.h>

enum mce_when { MCE_WHEN_MC, MCE_WHEN_BOOT };

struct mce_rec {
	volatile uint32_t ready; /* the rest is written */
	uint32_t logged;
	uint32_t apic;
	uint32_t bank;
	enum mce_when when;
	int stopped; /* the #MC could not be returned from: the CPU halted */
	uint64_t status, addr, misc, mcg_status, rip, tsc;
	/* Where it struck: an AP's last step and phase (set by the hook), or the BSP's step. */
	uint32_t step, phase; /* enum step_id, enum phase; phase PH_COUNT: online, idle */
	const char *bsp_step;
};

/* Fills r->step and r->phase for an AP (smp/ registers it); stopped as mce_rec has it. */
typedef void (*mce_where_fn)(uint32_t apic, struct mce_rec *r);
void mce_set_where(mce_where_fn fn);

/*
 * This CPU's machine-check setup, in Linux's order: MCG_CTL where MCG_CAP has it, the
 * banks valid from before this boot recorded (when=boot), each bank's CTL set and its
 * STATUS cleared, then CR4.MCE. Returns the banks, or -1 without CPUID's MCE bit.
 */
int mce_setup_here(void);
/*
 * The #MC handler's work (boot/exception.c): every valid bank recorded. Returns 1 when
 * MCG_STATUS says the interrupted code may go on (RIPV, and no bank says its context is
 * corrupt), MCG_STATUS then cleared; 0 when the CPU must stop. bsp_step: the BSP's step,
 * NULL on an AP.
 */
int mce_handle(uint64_t rip, uint32_t apic, const char *bsp_step);
/*
 * Logs each record not logged yet (ev=mce), and puts each on the screen's diagnosis;
 * slot_of names the CPU by APIC ID (NULL: the BSP's records alone, cpu=0). Returns how
 * many #MCs (not leftovers) it logged.
 */
unsigned mce_log_new(int (*slot_of)(uint32_t apic));
/* The first #MC record (not a leftover) from index first on, and how many there are. */
const struct mce_rec *mce_first_mc(unsigned first, unsigned *count);
unsigned mce_records(void);

#endif
