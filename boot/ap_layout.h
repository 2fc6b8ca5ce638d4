/* SPDX-License-Identifier: MIT */
/*
 * The layout the AP trampoline (boot/ap_trampoline.asm, run through cpp) and
 * the C side share: offsets in the low-memory page and in the breadcrumb
 * records. Plain #defines so both languages read them; boot/trampoline.c
 * checks them against the C structs and the step enum at compile time.
 */
#ifndef SMPSCOPE_BOOT_AP_LAYOUT_H
#define SMPSCOPE_BOOT_AP_LAYOUT_H

/* Tickets are handed out in arrival order; one per AP that reaches real mode. */
#define AP_MAX_TICKETS 1024
#define AP_STACK_SIZE  8192

/*
 * Low memory, from the page the SIPI vector names: the 16-bit code, the
 * mailbox at +0x800, then the real-mode breadcrumbs (16 bytes a ticket),
 * which must sit within the 64 KiB real mode reaches from CS.
 */
#define TRAMP_MAILBOX	 0x800
#define TRAMP_LOW_CRUMBS 0x1000
#define TRAMP_LOW_SIZE	 (TRAMP_LOW_CRUMBS + 16 * AP_MAX_TICKETS)

#define MB_TICKET     (TRAMP_MAILBOX + 0)
#define MB_CR3	      (TRAMP_MAILBOX + 4)
#define MB_GDTR	      (TRAMP_MAILBOX + 8) /* 2-byte limit, 4-byte base */
#define MB_FLAGS      (TRAMP_MAILBOX + 16)
#define MB_FAULT_KIND (TRAMP_MAILBOX + 20)
#define MB_FAULT_STEP (TRAMP_MAILBOX + 24)
#define MB_FAULT_ALL  (TRAMP_MAILBOX + 28)
#define MB_FAULT_APIC (TRAMP_MAILBOX + 32)
#define MB_LAPIC_BASE (TRAMP_MAILBOX + 40)
#define MB_COUNTS     (TRAMP_MAILBOX + 64) /* one u32 per step */

#define AP_FLAG_X2APIC	   1
#define AP_FLAG_CLAIM	   2
#define AP_FAULT_STOP	   1
#define AP_FAULT_EXCEPTION 2

/* struct ap_crumbs */
#define CR_TSC	      0 /* u64 per step */
#define CR_LAST	      128
#define CR_CPUID_APIC 132
#define CR_APIC	      136
#define CR_SLOT	      140
#define CR_PARKED     144
#define CR_SIZE	      160

/* The trampoline's steps, numbered as in include/events.h. */
#define AP_STEP_REALMODE 1
#define AP_STEP_GDT	 2
#define AP_STEP_PROTMODE 3
#define AP_STEP_PAE	 4
#define AP_STEP_LME	 5
#define AP_STEP_LONGMODE 6
#define AP_STEP_APICID	 7
#define AP_STEP_SLOT	 8
#define AP_STEP_STACK	 9

#endif
