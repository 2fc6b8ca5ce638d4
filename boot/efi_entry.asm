; SPDX-License-Identifier: MIT
; GRUB-EFI's way in when the multiboot2 header asks to keep boot services
; (boot/header.asm): 64-bit mode, RAX = magic, RBX = info address, the
; firmware's page tables (an identity map), GDT and IDT, interrupts on, and
; GRUB's stack, which lies in boot services memory. The image takes its own
; stack and leaves the firmware's tables alone until it has saved the previous
; boot's log and left boot services (cases/main.c's kmain_efi, boot/efi.c);
; then efi_to_start32 goes down to 32-bit protected mode with paging off and
; enters at _start32, as a multiboot loader does (docs/hardware.md, "The stick").

extern kmain_efi, _start32, boot_stack_top, gdt64_ptr
global efi_entry64, efi_to_start32

#include "../include/hw/cr.h"
#include "../include/hw/gdt.h"
#include "../include/hw/msr.h"

section .text
bits 64
efi_entry64:
	cld
	mov	rsp, boot_stack_top
	mov	rdi, rax
	mov	rsi, rbx
	call	kmain_efi
.halt:
	cli
	hlt
	jmp	.halt

; void efi_to_start32(uint32_t magic, uint32_t info): never returns. Long mode is left the way
; the SDM prescribes: compatibility mode, paging off (which clears EFER.LMA), then EFER.LME.
efi_to_start32:
	cli
	lgdt	[gdt64_ptr]
	push	GDT_SEL_CODE32
	push	.compat
	retfq
bits 32
.compat:
	mov	ax, GDT_SEL_DATA
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	mov	fs, ax
	mov	gs, ax
	mov	eax, cr0
	and	eax, ~CR0_PG
	mov	cr0, eax
	mov	ecx, MSR_EFER
	rdmsr
	and	eax, ~EFER_LME
	wrmsr
	mov	eax, edi
	mov	ebx, esi
	jmp	_start32

section .note.GNU-stack noalloc noexec nowrite progbits
