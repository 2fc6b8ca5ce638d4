; SPDX-License-Identifier: MIT
; A call of the BIOS disk service (INT 13h) from 64-bit C: long mode down to
; real mode, the call with interrupts on and the firmware's IVT, and back
; (docs/hardware.md, "The stick"). boot/int13.c copies these bytes to
; INT13_BASE (boot/int13.h) and calls them as void (*)(void); the registers go
; in and come out in the block at int13_regs. Every absolute address is
; written as AT(label), its place in the copy, since real mode can only reach
; the low MiB. This file goes through cpp for the headers.

#include "../include/hw/cr.h"
#include "../include/hw/msr.h"
#include "int13.h"

global int13_thunk_start, int13_thunk_end, int13_regs

%define AT(x) (INT13_BASE + (x) - int13_thunk_start)

; The thunk's own GDT: a 32-bit code and data pair, a 16-bit pair for the way into real mode,
; and a 64-bit code segment for the way back.
SEL_CODE32	equ 0x08
SEL_DATA32	equ 0x10
SEL_CODE16	equ 0x18
SEL_DATA16	equ 0x20
SEL_CODE64	equ 0x28

section .rodata
bits 64
align 16
int13_thunk_start:
	push	rbx
	push	rbp
	push	r12
	push	r13
	push	r14
	push	r15
	mov	[AT(save_rsp)], rsp
	sgdt	[AT(save_gdt)]
	sidt	[AT(save_idt)]
	mov	rax, cr3
	mov	[AT(save_cr3)], rax
	mov	ax, ss
	mov	[AT(save_ss)], ax
	mov	ax, cs
	mov	[AT(save_cs)], ax
	lgdt	[AT(gdt_ptr)]
	push	SEL_CODE32
	push	AT(.pm32)
	retfq
bits 32
.pm32:
	mov	ax, SEL_DATA32
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	mov	eax, cr0
	and	eax, ~CR0_PG & 0xffffffff
	mov	cr0, eax
	mov	ecx, MSR_EFER
	rdmsr
	and	eax, ~EFER_LME & 0xffffffff
	wrmsr
	jmp	SEL_CODE16:AT(.pm16)
bits 16
.pm16:
	mov	ax, SEL_DATA16
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	mov	fs, ax
	mov	gs, ax
	mov	eax, cr0
	and	eax, ~CR0_PE & 0xffffffff
	mov	cr0, eax
	jmp	0:AT(.real)
.real:
	xor	ax, ax
	mov	ds, ax
	mov	ss, ax
	mov	sp, INT13_BASE
	lidt	[AT(rm_idt)]
	mov	eax, [AT(r_eax)]
	mov	ebx, [AT(r_ebx)]
	mov	ecx, [AT(r_ecx)]
	mov	edx, [AT(r_edx)]
	mov	esi, [AT(r_esi)]
	mov	edi, [AT(r_edi)]
	mov	es, [AT(r_es)]
	push	word [AT(r_ds)]
	pop	ds
	; The BIOS's disk code may count timer ticks while it waits: interrupts on, its IVT.
	sti
	int	0x13
	pushf			; CF before any instruction can change it
	cli
	push	ds
	push	ax
	xor	ax, ax
	mov	ds, ax
	pop	ax
	pop	word [AT(r_ds)]
	pop	word [AT(r_flags)]
	mov	[AT(r_eax)], eax
	mov	[AT(r_ebx)], ebx
	mov	[AT(r_ecx)], ecx
	mov	[AT(r_edx)], edx
	mov	[AT(r_esi)], esi
	mov	[AT(r_edi)], edi
	mov	[AT(r_es)], es
	o32 lgdt [AT(gdt_ptr)]
	mov	eax, cr0
	or	eax, CR0_PE
	mov	cr0, eax
	jmp	dword SEL_CODE32:AT(.back32)
bits 32
.back32:
	mov	ax, SEL_DATA32
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	mov	eax, [AT(save_cr3)]
	mov	cr3, eax
	mov	ecx, MSR_EFER
	rdmsr
	or	eax, EFER_LME
	wrmsr
	mov	eax, cr0
	or	eax, CR0_PG
	mov	cr0, eax
	jmp	SEL_CODE64:AT(.back64)
bits 64
.back64:
	lgdt	[AT(save_gdt)]
	lidt	[AT(save_idt)]
	mov	ax, [AT(save_ss)]
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	movzx	rax, word [AT(save_cs)]
	push	rax
	push	AT(.home)
	retfq
.home:
	mov	rsp, [AT(save_rsp)]
	pop	r15
	pop	r14
	pop	r13
	pop	r12
	pop	rbp
	pop	rbx
	ret

align 8
int13_regs:			; struct int13_regs (boot/int13.h)
r_eax:	dd 0
r_ebx:	dd 0
r_ecx:	dd 0
r_edx:	dd 0
r_esi:	dd 0
r_edi:	dd 0
r_ds:	dw 0
r_es:	dw 0
r_flags: dw 0
	dw 0
align 8
save_rsp: dq 0
save_cr3: dq 0
save_gdt: times 10 db 0		; in 64-bit mode sgdt/lgdt take a 2-byte limit and an 8-byte base
save_idt: times 10 db 0
save_ss: dw 0
save_cs: dw 0
align 8
gdt:	dq 0
	dq 0x00cf9a000000ffff	; SEL_CODE32
	dq 0x00cf92000000ffff	; SEL_DATA32
	dq 0x00009a000000ffff	; SEL_CODE16: base 0, 64 KiB
	dq 0x000092000000ffff	; SEL_DATA16
	dq 0x00af9a000000ffff	; SEL_CODE64
gdt_ptr: dw 6 * 8 - 1
	dd AT(gdt)
	dd 0			; the upper half of the base lgdt reads in 64-bit mode
rm_idt:	dw 0x3ff		; the real-mode IVT at 0
	dd 0
int13_thunk_end:

section .note.GNU-stack noalloc noexec nowrite progbits
