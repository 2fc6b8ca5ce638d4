/* SPDX-License-Identifier: MIT */
/* The AP trampoline: where it lives in low memory, what the BSP tells it, what the APs leave. */
#ifndef SMPSCOPE_BOOT_TRAMPOLINE_H
#define SMPSCOPE_BOOT_TRAMPOLINE_H

#include <stdint.h>

#include "../lib/diag.h"
#include "ap_layout.h"
#include "../arch/bootinfo.h"

/* One AP's breadcrumbs, by ticket (arrival order). Written by the AP only. */
struct ap_crumbs {
	volatile uint64_t tsc[16]; /* by step id; 0 where not reached */
	volatile uint32_t last;	   /* the last step reached */
	volatile uint32_t cpuid_apic;
	volatile uint32_t apic; /* from the ID register, once read */
	volatile uint32_t slot;
	volatile uint32_t parked;    /* its APIC ID is in no slot */
	volatile uint32_t cpuid1;    /* CPUID.1:EBX[31:24] */
	volatile uint64_t apic_base; /* IA32_APIC_BASE at trampoline entry */
	volatile uint32_t cpuid_x2;  /* CPUID 0x1F/0xB EDX; AP_NO_X2_LEAF without either */
	volatile uint32_t key;	     /* the ID it looked its slot up by (apicid_source=) */
	volatile uint32_t mode_kept; /* left in xAPIC by fault=apic-mode */
	volatile uint32_t outside;   /* its slot is outside the plan: parked (ap_slot_plan) */
	uint32_t pad[4];
};

extern struct ap_crumbs ap_crumbs[AP_MAX_TICKETS];
extern uint32_t ap_apic_ids[AP_MAX_TICKETS];
extern volatile uint32_t ap_ncpus;
/* 1 for a slot the bringup plans to start; an AP that finds another slot parks. */
extern uint8_t ap_slot_plan[AP_MAX_TICKETS];
extern volatile uint32_t ap_claim_next;
extern volatile uint32_t ap_claims[AP_MAX_TICKETS];
/* AP_MAX_TICKETS stacks of AP_STACK_SIZE, placed from the memory map (boot/footprint_image.c). */
extern uint64_t ap_stack_base;

/* The APs a fault aims at: every one, or up to AP_FAULT_APICS APIC IDs. */
struct apic_set {
	uint32_t all;
	uint32_t n;
	uint32_t apic[AP_FAULT_APICS];
};

static inline int apic_set_has(const struct apic_set *s, uint32_t apic)
{
	for (uint32_t i = 0; i < s->n && i < AP_FAULT_APICS; i++)
		if (s->apic[i] == apic)
			return 1;
	return s->all != 0;
}

struct tramp_fault {
	uint32_t kind; /* 0, AP_FAULT_STOP or AP_FAULT_EXCEPTION */
	uint32_t step;
	struct apic_set at;
	/* fault=apicid: the AP with CPUID ID renumber_from writes renumber_to as its xAPIC ID */
	uint32_t renumber, renumber_from, renumber_to;
	/* fault=apic-mode:xapic: that AP stays in xAPIC while the run is x2APIC */
	uint32_t keep_xapic, keep_xapic_apic;
};

/*
 * Takes the low-memory area the footprint placed from the memory map (the
 * highest free pages below the BIOS's area and above 64 KiB, so the SIPI
 * vector is never 0xA0-0xBF), fills it with int3 and copies the 16-bit
 * code in. Returns -1 with the reason in d.
 */
int trampoline_install(const struct bootinfo *bi, struct diag *d);
uint32_t trampoline_base(void);
/* The SIPI vector: the page number of the base. */
uint8_t trampoline_vector(void);
/*
 * Readies the mailbox and clears every breadcrumb for one bringup. id_source
 * is AP_ID_SOURCE_*; lapic_base the xAPIC MMIO base, also in x2APIC runs
 * (an AP found in xAPIC reads its ID there).
 */
void trampoline_arm(uint32_t flags, uint64_t lapic_base, uint32_t id_source,
		    const struct tramp_fault *f);
/* How many APs reached a step so far. */
uint32_t trampoline_count(unsigned step);
/* Bumps a step's counter, for the steps the AP takes in C. */
void trampoline_count_step(unsigned step);
/* Tickets handed out so far. */
uint32_t trampoline_tickets(void);

/* What real mode left under one ticket (docs/flows.md, "Attribution"). */
struct tramp_low {
	unsigned step;	     /* STEP_GDT, STEP_REALMODE, or STEP_NONE before the first stamp */
	uint64_t step_tsc;   /* that step's TSC */
	int id_known;	     /* past gdt: the CPUID fields are whole */
	uint32_t cpuid_apic; /* CPUID's initial APIC ID (leaf 0x1F/0xB, else leaf 1) */
};
void trampoline_low(uint32_t ticket, struct tramp_low *out);

#endif
