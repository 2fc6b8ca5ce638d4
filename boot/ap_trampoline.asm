; SPDX-License-Identifier: MIT
; The AP's way from the SIPI to C. Only the 16-bit part is copied to low
; memory (the SIPI can only start a CPU below 1 MiB); the 32- and 64-bit parts
; run where the image was loaded. Each step leaves a breadcrumb (TSC and step
; id) and bumps that step's counter, so the BSP can tell how far every AP got,
; even one that never found out who it is. No stack is used until the AP has
; its own.
;
; Registers across the way: ebx ticket, ebp APIC ID (CPUID's until the ID
; register is read), esi the low page's linear address, edi the breadcrumb
; record. This file goes through cpp for boot/ap_layout.h.

#include "../include/hw/apic.h"
#include "../include/hw/cpuid.h"
#include "../include/hw/cr.h"
#include "../include/hw/gdt.h"
#include "../include/hw/msr.h"
#include "ap_layout.h"

extern ap_crumbs, ap_apic_ids, ap_ncpus, ap_claim_next, ap_claims, ap_stacks
extern ap_idt_desc, ap_main
global tramp16_start, tramp16_end

; An injected stop/exception fault (fault=, docs/knobs.md) for this step and CPU?
%macro FAULT_AT 2 ; step, base register of the low page
	cmp dword [%2 + MB_FAULT_STEP], %1
	jne %%no
	cmp dword [%2 + MB_FAULT_ALL], 0
	jne %%hit
	cmp ebp, [%2 + MB_FAULT_APIC]
	jne %%no
%%hit:
	cmp dword [%2 + MB_FAULT_KIND], AP_FAULT_EXCEPTION
	jne %%spin
	ud2
%%spin:
	pause
	jmp %%spin
%%no:
%endmacro

%macro CRUMB 1 ; step (32- and 64-bit code: edi/rdi record, esi/rsi low page)
	rdtsc
	mov	[DI + CR_TSC + (%1) * 8], eax
	mov	[DI + CR_TSC + (%1) * 8 + 4], edx
	mov	dword [DI + CR_LAST], %1
	lock inc dword [SI + MB_COUNTS + (%1) * 4]
	FAULT_AT %1, SI
%endmacro

section .text
bits 16
tramp16_start:
	cli
	cld
	rdtsc
	mov	edi, eax
	mov	ebp, edx
	mov	ax, cs
	mov	ds, ax
	mov	ebx, 1
	lock xadd [MB_TICKET], ebx
	cmp	ebx, AP_MAX_TICKETS
	jae	.park
	mov	si, bx
	shl	si, 4
	mov	[TRAMP_LOW_CRUMBS + si], edi
	mov	[TRAMP_LOW_CRUMBS + si + 4], ebp
	lock inc dword [MB_COUNTS + AP_STEP_REALMODE * 4]
	; CPUID takes ebx; with no stack yet, esp holds the ticket meanwhile.
	mov	esp, ebx
	xor	eax, eax
	cpuid
	cmp	eax, CPUID_LEAF_TOPOLOGY
	jb	.leaf1
	mov	eax, CPUID_LEAF_TOPOLOGY
	xor	ecx, ecx
	cpuid
	test	ebx, ebx
	jz	.leaf1
	mov	ebp, edx
	jmp	.have_id
.leaf1:
	mov	eax, 1
	cpuid
	shr	ebx, CPUID_1_EBX_APIC_ID_SHIFT
	mov	ebp, ebx
.have_id:
	mov	ebx, esp
	FAULT_AT AP_STEP_REALMODE, 0
	o32 lgdt [MB_GDTR]
	rdtsc
	mov	[TRAMP_LOW_CRUMBS + si + 8], eax
	mov	[TRAMP_LOW_CRUMBS + si + 12], edx
	lock inc dword [MB_COUNTS + AP_STEP_GDT * 4]
	FAULT_AT AP_STEP_GDT, 0
	mov	ax, cs
	movzx	esi, ax
	shl	esi, 4
	mov	eax, cr0
	or	al, CR0_PE
	mov	cr0, eax
	jmp	dword GDT_SEL_CODE32:ap_pm32
.park:
	cli
	hlt
	jmp	.park
tramp16_end:

bits 32
%define DI edi
%define SI esi
ap_pm32:
	mov	ax, GDT_SEL_DATA
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	mov	fs, ax
	mov	gs, ax
	imul	edi, ebx, CR_SIZE
	add	edi, ap_crumbs
	; The real-mode breadcrumbs move into the record real mode could not reach.
	mov	eax, ebx
	shl	eax, 4
	add	eax, esi
	mov	ecx, [eax + TRAMP_LOW_CRUMBS]
	mov	[edi + CR_TSC + AP_STEP_REALMODE * 8], ecx
	mov	ecx, [eax + TRAMP_LOW_CRUMBS + 4]
	mov	[edi + CR_TSC + AP_STEP_REALMODE * 8 + 4], ecx
	mov	ecx, [eax + TRAMP_LOW_CRUMBS + 8]
	mov	[edi + CR_TSC + AP_STEP_GDT * 8], ecx
	mov	ecx, [eax + TRAMP_LOW_CRUMBS + 12]
	mov	[edi + CR_TSC + AP_STEP_GDT * 8 + 4], ecx
	mov	[edi + CR_CPUID_APIC], ebp
	CRUMB	AP_STEP_PROTMODE
	mov	eax, cr4
	or	eax, CR4_PAE
	mov	cr4, eax
	mov	eax, [esi + MB_CR3]
	mov	cr3, eax
	CRUMB	AP_STEP_PAE
	mov	ecx, MSR_EFER
	rdmsr
	or	eax, EFER_LME
	wrmsr
	CRUMB	AP_STEP_LME
	; CR0 written whole, not or-ed: INIT leaves CD and NW set, and an AP
	; should not run its bringup with caches off. PG makes long mode active.
	mov	eax, CR0_PG | CR0_WP | CR0_NE | CR0_ET | CR0_PE
	mov	cr0, eax
	jmp	GDT_SEL_CODE64:ap_lm64

bits 64
%undef DI
%undef SI
%define DI rdi
%define SI rsi
ap_lm64:
	mov	ax, GDT_SEL_DATA
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	; The upper halves are undefined after the switch.
	mov	edi, edi
	mov	esi, esi
	mov	ebx, ebx
	mov	ebp, ebp
	lidt	[ap_idt_desc]
	CRUMB	AP_STEP_LONGMODE
	test	dword [rsi + MB_FLAGS], AP_FLAG_X2APIC
	jz	.xapic
	; An AP in an x2APIC run turns x2APIC on itself before it can read its ID.
	mov	ecx, MSR_IA32_APIC_BASE
	rdmsr
	or	eax, APIC_BASE_X2APIC | APIC_BASE_ENABLE
	wrmsr
	mov	ecx, MSR_X2APIC_ID
	rdmsr
	mov	ebp, eax
	jmp	.have_apic
.xapic:
	mov	rax, [rsi + MB_LAPIC_BASE]
	mov	ebp, [rax + APIC_ID]
	shr	ebp, APIC_ID_SHIFT
.have_apic:
	mov	[rdi + CR_APIC], ebp
	CRUMB	AP_STEP_APICID
	test	dword [rsi + MB_FLAGS], AP_FLAG_CLAIM
	jz	.lookup
	; Firmware style: claim an index by arrival; the BSP maps it back.
	mov	eax, 1
	lock xadd [ap_claim_next], eax
	cmp	eax, AP_MAX_TICKETS
	jae	.lookup
	mov	[ap_claims + rax * 4], ebp
.lookup:
	xor	ecx, ecx
	mov	edx, [ap_ncpus]
.next:
	cmp	ecx, edx
	jae	.no_slot
	cmp	[ap_apic_ids + rcx * 4], ebp
	je	.found
	inc	ecx
	jmp	.next
.no_slot:
	; Not in the BSP's table: park, and say so through the breadcrumb record.
	mov	dword [rdi + CR_PARKED], 1
.halt:
	cli
	hlt
	jmp	.halt
.found:
	mov	[rdi + CR_SLOT], ecx
	CRUMB	AP_STEP_SLOT
	lea	rax, [rcx + 1]
	imul	rax, rax, AP_STACK_SIZE
	lea	rsp, [rax + ap_stacks]
	CRUMB	AP_STEP_STACK
	mov	edi, ecx
	mov	esi, ebx
	call	ap_main
	jmp	.halt

section .note.GNU-stack noalloc noexec nowrite progbits
