; SPDX-License-Identifier: MIT
; The BSP's way from the loader's 32-bit protected mode to 64-bit C.
; Multiboot 1 and 2 both enter here with EAX = magic, EBX = info address,
; paging off, interrupts off; nothing else about the machine is promised.

extern kmain
global _start32, boot_stack_top, gdt64, gdt64_ptr, pml4, boot_magic, boot_info
global boot_idle_forever

CR0_PE		equ 1 << 0
CR0_PG		equ 1 << 31
CR4_PAE		equ 1 << 5
MSR_EFER	equ 0xC0000080
EFER_LME	equ 1 << 8
PTE_P		equ 1 << 0
PTE_RW		equ 1 << 1
PTE_PWT		equ 1 << 3
PTE_PCD		equ 1 << 4
PTE_PS		equ 1 << 7
; Everything from 0xFE000000 up is chipset MMIO (IOAPIC 0xFEC00000, LAPIC
; 0xFEE00000, HPET 0xFED00000) and flash: mapped uncached.
MMIO_UC_FROM	equ 0xFE000000 >> 21

section .text
bits 32
_start32:
	cli
	cld
	mov	[boot_magic], eax
	mov	[boot_info], ebx
	mov	esp, boot_stack_top

	; Long mode needs CPUID 0x80000001 EDX bit 29.
	mov	eax, 0x80000000
	cpuid
	cmp	eax, 0x80000001
	jb	.no_long_mode
	mov	eax, 0x80000001
	cpuid
	test	edx, 1 << 29
	jz	.no_long_mode

	; Identity map of the low 4 GiB with 2 MiB pages: PML4[0] -> PDPT[0..3] -> 4 PDs.
	mov	eax, pdpt
	or	eax, PTE_P | PTE_RW
	mov	[pml4], eax
	xor	ecx, ecx
.pdpt_loop:
	mov	eax, ecx
	shl	eax, 12
	add	eax, pd
	or	eax, PTE_P | PTE_RW
	mov	[pdpt + ecx * 8], eax
	inc	ecx
	cmp	ecx, 4
	jb	.pdpt_loop
	xor	ecx, ecx
.pd_loop:
	mov	eax, ecx
	shl	eax, 21
	or	eax, PTE_P | PTE_RW | PTE_PS
	cmp	ecx, MMIO_UC_FROM
	jb	.cached
	or	eax, PTE_PCD | PTE_PWT
.cached:
	mov	[pd + ecx * 8], eax
	inc	ecx
	cmp	ecx, 2048
	jb	.pd_loop

	mov	eax, cr4
	or	eax, CR4_PAE
	mov	cr4, eax
	mov	eax, pml4
	mov	cr3, eax
	mov	ecx, MSR_EFER
	rdmsr
	or	eax, EFER_LME
	wrmsr
	mov	eax, cr0
	or	eax, CR0_PG | CR0_PE
	mov	cr0, eax
	lgdt	[gdt64_ptr]
	jmp	0x08:long_entry

.no_long_mode:
	; No console is set up yet: say it on COM1 as the firmware left it, and on 0xE9.
	mov	esi, no_lm_msg
.putc:
	lodsb
	test	al, al
	jz	.halt32
	mov	dx, 0x3f8
	out	dx, al
	out	0xe9, al
	jmp	.putc
.halt32:
	hlt
	jmp	.halt32

bits 64
long_entry:
	mov	ax, 0x10
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	xor	ax, ax
	mov	fs, ax
	mov	gs, ax
	mov	rsp, boot_stack_top
	mov	edi, [boot_magic]
	mov	esi, [boot_info]
	call	kmain
boot_idle_forever:
	cli
	hlt
	jmp	boot_idle_forever

section .rodata
no_lm_msg: db "smpscope: this CPU has no 64-bit long mode", 13, 10, 0

section .data
align 16
; 0x08 64-bit code, 0x10 data, 0x18 32-bit code (trampoline), 0x20 16-bit
; code (64 KiB, byte granular; no code loads it), 0x28 the TSS (two slots,
; filled in by boot/idt.c).
gdt64:
	dq 0
	dq 0x00AF9A000000FFFF
	dq 0x00CF92000000FFFF
	dq 0x00CF9A000000FFFF
	dq 0x00009A000000FFFF
	dq 0, 0
gdt64_end:
gdt64_ptr:
	dw gdt64_end - gdt64 - 1
	dq gdt64
boot_magic:	dd 0
boot_info:	dd 0

section .bss
alignb 4096
pml4:	resb 4096
pdpt:	resb 4096
pd:	resb 4 * 4096
; The BSP's stack. APs never share it: each gets its own in smp/.
alignb 16
boot_stack:	resb 65536
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
