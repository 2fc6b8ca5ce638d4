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
 * From long mode until `stack` an AP knows its ticket, not its slot: the
 * lowest AP_EARLY_STACK bytes of the stack under its ticket's index are all
 * an exception there has. The AP of that slot uses the top of the same
 * stack, and never this deep (docs/flows.md, "Attribution").
 */
#define AP_EARLY_STACK 2048
/*
 * The top AP_CPU_AREA bytes of a slot's stack are that AP's own: its GDT
 * and TSS, and the stack its #MC handler runs on (boot/idt.c). Its C stack
 * starts below them, and so reaches down to AP_EARLY_STACK: 4 KiB.
 */
#define AP_CPU_AREA 2048

/*
 * Low memory, from the page the SIPI vector names: the 16-bit code, the
 * mailbox at +0x800, then the real-mode breadcrumbs (LC_SIZE bytes a
 * ticket), which must sit within the 64 KiB real mode reaches from CS.
 */
#define TRAMP_MAILBOX	 0x800
#define TRAMP_LOW_CRUMBS 0x1000
#define TRAMP_LOW_SIZE	 (TRAMP_LOW_CRUMBS + LC_SIZE * AP_MAX_TICKETS)

/* One ticket's real-mode breadcrumbs: what the AP found before it changed anything. */
#define LC_TSC_REALMODE 0
#define LC_TSC_GDT	8
#define LC_APIC_BASE	16 /* IA32_APIC_BASE at entry, 8 bytes */
#define LC_CPUID1	24 /* CPUID.1:EBX[31:24] */
#define LC_CPUID_X2	28 /* CPUID 0x1F/0xB EDX, or AP_NO_X2_LEAF */
#define LC_SIZE		32
#define LC_SHIFT	5
#define AP_NO_X2_LEAF	0xffffffff

#define MB_TICKET	(TRAMP_MAILBOX + 0)
#define MB_CR3		(TRAMP_MAILBOX + 4)
#define MB_GDTR		(TRAMP_MAILBOX + 8) /* 2-byte limit, 4-byte base */
#define MB_FLAGS	(TRAMP_MAILBOX + 16)
#define MB_FAULT_KIND	(TRAMP_MAILBOX + 20)
#define MB_FAULT_STEP	(TRAMP_MAILBOX + 24)
#define MB_FAULT_ALL	(TRAMP_MAILBOX + 28)
#define MB_FAULT_NAPICS (TRAMP_MAILBOX + 32) /* how many of MB_FAULT_APICS are set */
#define MB_LAPIC_BASE	(TRAMP_MAILBOX + 40)
#define MB_ID_SOURCE	(TRAMP_MAILBOX + 48) /* AP_ID_SOURCE_*: the ID the AP looks its slot up by */
/* fault=apicid: the AP whose CPUID ID is FROM writes TO into its xAPIC ID register. */
#define MB_RENUMBER_ON	 (TRAMP_MAILBOX + 52)
#define MB_RENUMBER_FROM (TRAMP_MAILBOX + 56)
#define MB_RENUMBER_TO	 (TRAMP_MAILBOX + 60)
#define MB_COUNTS	 (TRAMP_MAILBOX + 64) /* one u32 per step, 16 steps */
/* fault=apic-mode:xapic: that AP stays in the xAPIC mode it was found in. */
#define MB_KEEP_XAPIC_ON   (TRAMP_MAILBOX + 128)
#define MB_KEEP_XAPIC_APIC (TRAMP_MAILBOX + 132)
/* The APIC IDs a stop/exception fault in the trampoline aims at (fault=stop:gdt@1+5+9). */
#define MB_FAULT_APICS (TRAMP_MAILBOX + 136)
#define AP_FAULT_APICS 8
/* CR4 bits the AP sets with PAE (MCE where the CPU has it), and the BSP's PAT (docs/hardware.md).
 */
#define MB_CR4_SET (TRAMP_MAILBOX + 168)
#define MB_PAT_ON  (TRAMP_MAILBOX + 172)
#define MB_PAT	   (TRAMP_MAILBOX + 176) /* 8 bytes */
#define MB_END	   (TRAMP_MAILBOX + 184)

/* apicid_source= (include/knob_values.h): the same numbers as its values. */
#define AP_ID_SOURCE_REGISTER 0
#define AP_ID_SOURCE_CPUID1   1
#define AP_ID_SOURCE_CPUID_B  2

#define AP_FLAG_X2APIC 1
#define AP_FLAG_CLAIM  2
/* fw_sim=x2apic-all: x2APIC on at entry, as firmware that left it so (docs/knobs.md). */
#define AP_FLAG_FW_X2APIC  4
#define AP_FAULT_STOP	   1
#define AP_FAULT_EXCEPTION 2

/* struct ap_crumbs */
#define CR_TSC	      0 /* u64 per step */
#define CR_LAST	      128
#define CR_CPUID_APIC 132
#define CR_APIC	      136
#define CR_SLOT	      140
#define CR_PARKED     144
#define CR_CPUID1     148
#define CR_APIC_BASE  152 /* u64 */
#define CR_CPUID_X2   160
#define CR_KEY	      164 /* the ID the slot was looked up by */
#define CR_MODE_KEPT  168 /* 1: left in xAPIC by fault=apic-mode */
#define CR_OUTSIDE    172 /* 1: its slot is outside the plan, parked */
#define CR_SIZE	      192

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
