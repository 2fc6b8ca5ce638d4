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
; record. The slot is looked up by the ID apicid_source= names (CR_KEY). This file goes through cpp for boot/ap_layout.h.

#include "../include/hw/apic.h"
#include "../include/hw/cpuid.h"
#include "../include/hw/cr.h"
#include "../include/hw/gdt.h"
#include "../include/hw/msr.h"
#include "ap_layout.h"

extern ap_crumbs, ap_apic_ids, ap_slot_plan, ap_ncpus, ap_claim_next, ap_claims, ap_stack_base
extern ap_idt_desc, ap_main
global tramp16_start, tramp16_end

; An injected stop/exception fault (fault=, docs/knobs.md) for this step and CPU?
; Takes edx (free wherever a breadcrumb's rdtsc has just taken it).
%macro FAULT_AT 3 ; step, base register of the low page, edx or rdx for the address
	cmp dword [%2 + MB_FAULT_STEP], %1
	jne %%no
	cmp dword [%2 + MB_FAULT_ALL], 0
	jne %%hit
	xor edx, edx
%%next:
	cmp edx, [%2 + MB_FAULT_NAPICS]
	jae %%no
	cmp ebp, [%2 + MB_FAULT_APICS + %3 * 4]
	je %%hit
	inc edx
	jmp %%next
%%hit:
	cmp dword [%2 + MB_FAULT_KIND], AP_FAULT_EXCEPTION
	jne %%spin
	ud2
%%spin:
	cli
	hlt
	jmp %%spin
%%no:
%endmacro

%macro CRUMB 1 ; step (32- and 64-bit code: edi/rdi record, esi/rsi low page)
	rdtsc
	mov	[DI + CR_TSC + (%1) * 8], eax
	mov	[DI + CR_TSC + (%1) * 8 + 4], edx
	mov	dword [DI + CR_LAST], %1
	lock inc dword [SI + MB_COUNTS + (%1) * 4]
	FAULT_AT %1, SI, DX
%endmacro

section .text
bits 16
tramp16_start:
	cli
	cld
	rdtsc
	mov	edi, eax
	mov	ebp, edx
	; Write back and invalidate what this CPU's caches held before the INIT,
	; as Linux's trampoline_64.S does first: with CD and NW set they may hold
	; lines that memory no longer matches (docs/flows.md, "Caches").
	wbinvd
	mov	ax, cs
	mov	ds, ax
	mov	ebx, 1
	lock xadd [MB_TICKET], ebx
	cmp	ebx, AP_MAX_TICKETS
	jae	.park
	mov	si, bx
	shl	si, LC_SHIFT
	mov	[TRAMP_LOW_CRUMBS + si + LC_TSC_REALMODE], edi
	mov	[TRAMP_LOW_CRUMBS + si + LC_TSC_REALMODE + 4], ebp
	lock inc dword [MB_COUNTS + AP_STEP_REALMODE * 4]
	; CPUID takes ebx; with no stack yet, esp holds the ticket meanwhile.
	mov	esp, ebx
	; fw_sim=x2apic-all (test-only): the firmware's state is x2APIC on, so it is
	; put in place before the image reads it below (docs/knobs.md).
	mov	ecx, MSR_IA32_APIC_BASE
	test	dword [MB_FLAGS], AP_FLAG_FW_X2APIC
	jz	.as_found
	rdmsr
	or	eax, APIC_BASE_X2APIC | APIC_BASE_ENABLE
	wrmsr
.as_found:
	; IA32_APIC_BASE before anything here touches it: BSP, EN and EXTD as
	; the firmware (or the INIT) left them (docs/hardware.md).
	rdmsr
	mov	[TRAMP_LOW_CRUMBS + si + LC_APIC_BASE], eax
	mov	[TRAMP_LOW_CRUMBS + si + LC_APIC_BASE + 4], edx
	mov	eax, 1
	cpuid
	shr	ebx, CPUID_1_EBX_APIC_ID_SHIFT
	mov	[TRAMP_LOW_CRUMBS + si + LC_CPUID1], ebx
	mov	ebp, ebx
	mov	dword [TRAMP_LOW_CRUMBS + si + LC_CPUID_X2], AP_NO_X2_LEAF
	xor	eax, eax
	cpuid
	mov	edi, eax
	; The x2APIC ID from leaf 0x1F where it exists, else 0xB (both give it in EDX).
	mov	eax, CPUID_LEAF_V2_TOPOLOGY
	cmp	edi, eax
	jb	.leaf_b
	xor	ecx, ecx
	cpuid
	test	ebx, ebx
	jnz	.have_x2
.leaf_b:
	mov	eax, CPUID_LEAF_TOPOLOGY
	cmp	edi, eax
	jb	.have_id
	xor	ecx, ecx
	cpuid
	test	ebx, ebx
	jz	.have_id
.have_x2:
	mov	[TRAMP_LOW_CRUMBS + si + LC_CPUID_X2], edx
	mov	ebp, edx
.have_id:
	mov	ebx, esp
	FAULT_AT AP_STEP_REALMODE, 0, edx
	o32 lgdt [MB_GDTR]
	rdtsc
	mov	[TRAMP_LOW_CRUMBS + si + LC_TSC_GDT], eax
	mov	[TRAMP_LOW_CRUMBS + si + LC_TSC_GDT + 4], edx
	lock inc dword [MB_COUNTS + AP_STEP_GDT * 4]
	FAULT_AT AP_STEP_GDT, 0, edx
	mov	ax, cs
	movzx	esi, ax
	shl	esi, 4
	; The first CR0 write turns the caches on, as Linux's does: INIT left CD
	; and NW set, and every step after this one runs cached (docs/flows.md).
	mov	eax, cr0
	and	eax, ~(CR0_CD | CR0_NW) & 0xffffffff
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
%define DX edx
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
	shl	eax, LC_SHIFT
	add	eax, esi
	add	eax, TRAMP_LOW_CRUMBS
	mov	ecx, [eax + LC_TSC_REALMODE]
	mov	[edi + CR_TSC + AP_STEP_REALMODE * 8], ecx
	mov	ecx, [eax + LC_TSC_REALMODE + 4]
	mov	[edi + CR_TSC + AP_STEP_REALMODE * 8 + 4], ecx
	mov	ecx, [eax + LC_TSC_GDT]
	mov	[edi + CR_TSC + AP_STEP_GDT * 8], ecx
	mov	ecx, [eax + LC_TSC_GDT + 4]
	mov	[edi + CR_TSC + AP_STEP_GDT * 8 + 4], ecx
	mov	ecx, [eax + LC_APIC_BASE]
	mov	[edi + CR_APIC_BASE], ecx
	mov	ecx, [eax + LC_APIC_BASE + 4]
	mov	[edi + CR_APIC_BASE + 4], ecx
	mov	ecx, [eax + LC_CPUID1]
	mov	[edi + CR_CPUID1], ecx
	mov	ecx, [eax + LC_CPUID_X2]
	mov	[edi + CR_CPUID_X2], ecx
	mov	[edi + CR_CPUID_APIC], ebp
	CRUMB	AP_STEP_PROTMODE
	; The BSP's PAT before paging is on, so no page is ever typed by another
	; (SDM vol. 3, 13.12.4; Linux's pat_cpu_init does it on every CPU).
	cmp	dword [esi + MB_PAT_ON], 0
	je	.pat_done
	mov	ecx, MSR_IA32_PAT
	mov	eax, [esi + MB_PAT]
	mov	edx, [esi + MB_PAT + 4]
	wrmsr
.pat_done:
	; INIT cleared CR4: PAE, and MCE, without which a machine check broadcast
	; to this CPU shuts the platform down (docs/hardware.md, "Machine checks").
	mov	eax, cr4
	or	eax, [esi + MB_CR4_SET]
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
%undef DX
%define DI rdi
%define SI rsi
%define DX rdx
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
	; An IDT needs a stack: until `stack`, the deep end of the ticket's one (ap_layout.h).
	imul	rax, rbx, AP_STACK_SIZE
	add	rax, [ap_stack_base]
	add	rax, AP_EARLY_STACK
	mov	rsp, rax
	lidt	[ap_idt_desc]
	CRUMB	AP_STEP_LONGMODE
	; fault=apicid: firmware-style renumbering, before anything reads the ID.
	; Only the xAPIC ID register is writable; in x2APIC mode it is read-only.
	cmp	dword [rsi + MB_RENUMBER_ON], 0
	je	.read_id
	cmp	ebp, [rsi + MB_RENUMBER_FROM]
	jne	.read_id
	mov	ecx, MSR_IA32_APIC_BASE
	rdmsr
	test	eax, APIC_BASE_X2APIC
	jnz	.read_id
	mov	rax, [rsi + MB_LAPIC_BASE]
	mov	edx, [rsi + MB_RENUMBER_TO]
	shl	edx, APIC_ID_SHIFT
	mov	[rax + APIC_ID], edx
.read_id:
	; The ID register in the mode the AP is in now: the T340's firmware left
	; APs in xAPIC under an x2APIC BSP, and INIT keeps x2APIC on.
	mov	ecx, MSR_IA32_APIC_BASE
	rdmsr
	test	eax, APIC_BASE_ENABLE
	jz	.read_disabled
	test	eax, APIC_BASE_X2APIC
	jz	.read_mmio
	mov	ecx, MSR_X2APIC_ID
	rdmsr
	mov	ebp, eax
	jmp	.follow_mode
.read_disabled:
	; A globally disabled APIC has no readable ID: enable it in xAPIC mode first.
	or	eax, APIC_BASE_ENABLE
	wrmsr
.read_mmio:
	mov	rax, [rsi + MB_LAPIC_BASE]
	mov	ebp, [rax + APIC_ID]
	shr	ebp, APIC_ID_SHIFT
.follow_mode:
	mov	[rdi + CR_APIC], ebp
	; Then the AP takes the run's mode.
	mov	ecx, MSR_IA32_APIC_BASE
	rdmsr
	test	dword [rsi + MB_FLAGS], AP_FLAG_X2APIC
	jz	.to_xapic
	cmp	dword [rsi + MB_KEEP_XAPIC_ON], 0
	je	.to_x2apic
	cmp	ebp, [rsi + MB_KEEP_XAPIC_APIC]
	jne	.to_x2apic
	; fault=apic-mode:xapic: left as the T340's firmware left its APs.
	mov	dword [rdi + CR_MODE_KEPT], 1
	jmp	.have_apic
.to_x2apic:
	or	eax, APIC_BASE_X2APIC | APIC_BASE_ENABLE
	wrmsr
	jmp	.have_apic
.to_xapic:
	test	eax, APIC_BASE_X2APIC
	jz	.have_apic
	; x2APIC -> xAPIC only through disabled (SDM: no direct step).
	and	eax, ~(APIC_BASE_X2APIC | APIC_BASE_ENABLE)
	wrmsr
	or	eax, APIC_BASE_ENABLE
	wrmsr
.have_apic:
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
	; apicid_source=: the register read (Linux 6.5) or CPUID (the 6.5-rc
	; parallel bringup, which AMD family 15h firmware broke).
	mov	eax, ebp
	cmp	dword [rsi + MB_ID_SOURCE], AP_ID_SOURCE_CPUID1
	jne	.not_cpuid1
	mov	eax, [rdi + CR_CPUID1]
.not_cpuid1:
	cmp	dword [rsi + MB_ID_SOURCE], AP_ID_SOURCE_CPUID_B
	jne	.have_key
	mov	eax, [rdi + CR_CPUID_APIC]
.have_key:
	mov	[rdi + CR_KEY], eax
	xor	ecx, ecx
	mov	edx, [ap_ncpus]
.next:
	cmp	ecx, edx
	jae	.no_slot
	cmp	[ap_apic_ids + rcx * 4], eax
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
	; Only a slot of the plan goes on: a broadcast also wakes the CPUs the
	; MADT disables, those past maxcpus= or beyond xAPIC's reach, and an AP
	; answering to the BSP's ID. It parks here, on its ticket's stack, named
	; by its record (docs/flows.md, "Broadcast").
	cmp	byte [ap_slot_plan + rcx], 0
	jne	.planned
	mov	dword [rdi + CR_OUTSIDE], 1
	jmp	.halt
.planned:
	CRUMB	AP_STEP_SLOT
	; The stacks were placed from the memory map (boot/footprint_image.c).
	lea	rax, [rcx + 1]
	imul	rax, rax, AP_STACK_SIZE
	add	rax, [ap_stack_base]
	sub	rax, AP_CPU_AREA
	mov	rsp, rax
	CRUMB	AP_STEP_STACK
	mov	edi, ecx
	mov	esi, ebx
	call	ap_main
	jmp	.halt

section .note.GNU-stack noalloc noexec nowrite progbits
