/* SPDX-License-Identifier: MIT */
#include "trampoline.h"

#include <stddef.h>

#include "../include/events.h"
#include "../include/hw/cr.h"
#include "../include/hw/gdt.h"
#include "../lib/string.h"
#include "../arch/cpu.h"
#include "footprint_image.h"

_Static_assert(offsetof(struct ap_crumbs, last) == CR_LAST, "CR_LAST");
_Static_assert(offsetof(struct ap_crumbs, cpuid_apic) == CR_CPUID_APIC, "CR_CPUID_APIC");
_Static_assert(offsetof(struct ap_crumbs, apic) == CR_APIC, "CR_APIC");
_Static_assert(offsetof(struct ap_crumbs, slot) == CR_SLOT, "CR_SLOT");
_Static_assert(offsetof(struct ap_crumbs, parked) == CR_PARKED, "CR_PARKED");
_Static_assert(offsetof(struct ap_crumbs, cpuid1) == CR_CPUID1, "CR_CPUID1");
_Static_assert(offsetof(struct ap_crumbs, apic_base) == CR_APIC_BASE, "CR_APIC_BASE");
_Static_assert(offsetof(struct ap_crumbs, cpuid_x2) == CR_CPUID_X2, "CR_CPUID_X2");
_Static_assert(offsetof(struct ap_crumbs, key) == CR_KEY, "CR_KEY");
_Static_assert(offsetof(struct ap_crumbs, mode_kept) == CR_MODE_KEPT, "CR_MODE_KEPT");
_Static_assert(offsetof(struct ap_crumbs, outside) == CR_OUTSIDE, "CR_OUTSIDE");
_Static_assert(sizeof(struct ap_crumbs) == CR_SIZE, "CR_SIZE");
_Static_assert(LC_SIZE == 1 << LC_SHIFT, "LC_SHIFT");
_Static_assert(TRAMP_LOW_SIZE <= 0x10000, "real mode reaches 64 KiB from CS");
_Static_assert(MB_FAULT_APICS + 4 * AP_FAULT_APICS <= MB_CR4_SET, "the fault list's room");
_Static_assert(MB_END <= TRAMP_LOW_CRUMBS, "the mailbox's room");
_Static_assert(AP_STEP_REALMODE == STEP_REALMODE && AP_STEP_GDT == STEP_GDT &&
		       AP_STEP_PROTMODE == STEP_PROTMODE && AP_STEP_PAE == STEP_PAE &&
		       AP_STEP_LME == STEP_LME && AP_STEP_LONGMODE == STEP_LONGMODE &&
		       AP_STEP_APICID == STEP_APICID && AP_STEP_SLOT == STEP_SLOT &&
		       AP_STEP_STACK == STEP_STACK,
	       "trampoline step numbers follow include/events.h");
_Static_assert(STEP_COUNT <= 16, "ap_crumbs.tsc has 16 steps");

extern const char tramp16_start[], tramp16_end[];
extern uint64_t gdt64[], pml4[];

struct ap_crumbs ap_crumbs[AP_MAX_TICKETS];
uint32_t ap_apic_ids[AP_MAX_TICKETS];
volatile uint32_t ap_ncpus;
uint8_t ap_slot_plan[AP_MAX_TICKETS];
volatile uint32_t ap_claim_next;
volatile uint32_t ap_claims[AP_MAX_TICKETS];
uint64_t ap_stack_base;

static uint32_t base;

static volatile uint8_t *low(uint32_t off)
{
	return phys_ptr(base + off);
}

int trampoline_install(const struct bootinfo *bi, struct diag *d)
{
	size_t code = (size_t)(tramp16_end - tramp16_start);
	const struct fp_region *page = footprint_region("trampoline");
	const struct fp_region *stacks = footprint_region("ap-stacks");

	if (code > TRAMP_MAILBOX) {
		diag_add(d, "trampoline code is %zu bytes, more than the %d before the mailbox",
			 code, TRAMP_MAILBOX);
		return -1;
	}
	(void)bi; /* the footprint placed it from bi's memory map */
	base = 0;
	/* The trampoline reads it: each ticket's stack is placed from here (boot/footprint.c). */
	ap_stack_base = stacks && stacks->ok ? stacks->start : 0;
	if (!page || !page->ok || !ap_stack_base) {
		diag_add(d,
			 "no free %#x bytes between 64 KiB and the BIOS's area for the trampoline",
			 TRAMP_LOW_SIZE);
		return -1;
	}
	base = (uint32_t)page->start;
	/* int3 everywhere first: a jump into the page where no code is traps, it does not slide. */
	for (uint32_t i = 0; i < TRAMP_MAILBOX; i++)
		low(i)[0] = 0xcc;
	for (size_t i = 0; i < code; i++)
		low((uint32_t)i)[0] = (uint8_t)tramp16_start[i];
	return 0;
}

uint32_t trampoline_base(void)
{
	return base;
}

uint8_t trampoline_vector(void)
{
	return (uint8_t)(base >> 12);
}

static void put32(uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)low(off) = v;
}

void trampoline_arm(uint32_t flags, uint64_t lapic_base, uint32_t id_source,
		    const struct tramp_fault *f)
{
	for (uint32_t i = TRAMP_MAILBOX; i < TRAMP_LOW_SIZE; i++)
		low(i)[0] = 0;
	put32(MB_CR3, (uint32_t)(uintptr_t)pml4);
	*(volatile uint16_t *)low(MB_GDTR) = GDT_LIMIT;
	put32(MB_GDTR + 2, (uint32_t)(uintptr_t)gdt64);
	put32(MB_FLAGS, flags);
	put32(MB_FAULT_KIND, f ? f->kind : 0);
	put32(MB_FAULT_STEP, f ? f->step : 0);
	put32(MB_FAULT_ALL, f ? f->at.all : 0);
	put32(MB_FAULT_NAPICS, f ? f->at.n : 0);
	for (uint32_t i = 0; f && i < f->at.n && i < AP_FAULT_APICS; i++)
		put32(MB_FAULT_APICS + 4 * i, f->at.apic[i]);
	*(volatile uint64_t *)low(MB_LAPIC_BASE) = lapic_base;
	put32(MB_ID_SOURCE, id_source);
	put32(MB_RENUMBER_ON, f ? f->renumber : 0);
	put32(MB_RENUMBER_FROM, f ? f->renumber_from : 0);
	put32(MB_RENUMBER_TO, f ? f->renumber_to : 0);
	put32(MB_KEEP_XAPIC_ON, f ? f->keep_xapic : 0);
	put32(MB_KEEP_XAPIC_APIC, f ? f->keep_xapic_apic : 0);
	/* What every AP takes from the BSP at its CR4 write (docs/hardware.md, "Control
	 * registers"). */
	put32(MB_CR4_SET, (uint32_t)(CR4_PAE | (cpuid(1, 0).edx & CPUID_1_EDX_MCE ? CR4_MCE : 0)));
	put32(MB_PAT_ON, !!(cpuid(1, 0).edx & CPUID_1_EDX_PAT));
	*(volatile uint64_t *)low(MB_PAT) =
		cpuid(1, 0).edx & CPUID_1_EDX_PAT ? rdmsr(MSR_IA32_PAT) : 0;
	memset((void *)ap_crumbs, 0, sizeof(ap_crumbs));
	ap_claim_next = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

uint32_t trampoline_count(unsigned step)
{
	return *(volatile uint32_t *)low(MB_COUNTS + 4 * step);
}

void trampoline_count_step(unsigned step)
{
	__atomic_fetch_add((volatile uint32_t *)low(MB_COUNTS + 4 * step), 1, __ATOMIC_SEQ_CST);
}

uint32_t trampoline_tickets(void)
{
	return *(volatile uint32_t *)low(MB_TICKET);
}

static uint64_t low64(uint32_t off)
{
	return *(volatile uint64_t *)low(off);
}

void trampoline_low(uint32_t ticket, struct tramp_low *out)
{
	uint32_t at = TRAMP_LOW_CRUMBS + ticket * LC_SIZE, x2;
	uint64_t gdt = low64(at + LC_TSC_GDT), rm = low64(at + LC_TSC_REALMODE);

	out->step = gdt ? STEP_GDT : rm ? STEP_REALMODE : STEP_NONE;
	out->step_tsc = gdt ? gdt : rm;
	/*
	 * The CPUID fields are written during realmode, one after the other: an
	 * AP that stopped before gdt may have left them half done.
	 */
	out->id_known = gdt != 0;
	x2 = *(volatile uint32_t *)low(at + LC_CPUID_X2);
	out->cpuid_apic = x2 != AP_NO_X2_LEAF ? x2 : *(volatile uint32_t *)low(at + LC_CPUID1);
}
