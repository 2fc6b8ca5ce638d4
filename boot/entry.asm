; SPDX-License-Identifier: MIT
; The BSP's way from the loader's 32-bit protected mode to 64-bit C.
; Multiboot 1 and 2 both enter here with EAX = magic, EBX = info address,
; paging off, interrupts off; nothing else about the machine is promised.

extern kmain
global _start32, boot_stack_top, gdt64, gdt64_ptr, pml4, boot_magic, boot_info
global boot_idle_forever, boot_stack, boot_cr0, pt_low

#include "../include/hw/cpuid.h"
#include "../include/hw/cr.h"
#include "../include/hw/gdt.h"
#include "../include/hw/msr.h"
#include "../include/hw/paging.h"
#include "../include/hw/ports.h"

; Everything from 0xFE000000 up is chipset MMIO (IOAPIC 0xFEC00000, LAPIC
; 0xFEE00000, HPET 0xFED00000) and flash: mapped uncached.
MMIO_UC_FROM	equ MMIO_HOLE_BASE / PAGE_SIZE_2M
; The first 2 MiB in 4 KiB pages: the fixed MTRRs type it in pieces (RAM, VGA
; memory, ROM), and one large page over several types is undefined (SDM vol.
; 3, 13.11.9). The legacy hole 0xA0000-0xFFFFF is uncached until arch/pagefit.c
; types every page from the memory map (docs/hardware.md, "Memory types").
LOW_HOLE_FROM	equ LEGACY_HOLE_BASE / PAGE_SIZE_4K
LOW_HOLE_TO	equ LEGACY_HOLE_END / PAGE_SIZE_4K

section .text
bits 32
_start32:
	cli
	cld
	mov	[boot_magic], eax
	mov	[boot_info], ebx
	mov	esp, boot_stack_top

	; Long mode needs CPUID 0x80000001 EDX bit 29.
	mov	eax, CPUID_LEAF_EXT_MAX
	cpuid
	cmp	eax, CPUID_LEAF_EXT_FEAT
	jb	.no_long_mode
	mov	eax, CPUID_LEAF_EXT_FEAT
	cpuid
	test	edx, CPUID_EXT_EDX_LM
	jz	.no_long_mode

	; The loader may leave the caches off (Bochs's BIOS and GRUB leave CD and NW
	; set): written back first, then on at the CR0 write below (docs/hardware.md).
	mov	eax, cr0
	mov	[boot_cr0], eax
	wbinvd

	; Identity map of the low 4 GiB with 2 MiB pages: PML4[0] -> PDPT[0..3] -> 4 PDs,
	; the first 2 MiB through a page table of 4 KiB pages.
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
	mov	eax, pt_low
	or	eax, PTE_P | PTE_RW
	mov	[pd], eax
	xor	ecx, ecx
.pt_loop:
	mov	eax, ecx
	shl	eax, 12
	or	eax, PTE_P | PTE_RW
	cmp	ecx, LOW_HOLE_FROM
	jb	.pt_cached
	cmp	ecx, LOW_HOLE_TO
	jae	.pt_cached
	or	eax, PTE_PCD | PTE_PWT
.pt_cached:
	mov	[pt_low + ecx * 8], eax
	inc	ecx
	cmp	ecx, 512
	jb	.pt_loop

	; CR4 written whole, not or-ed into what the loader left (docs/hardware.md,
	; Control registers): PAE for long mode, MCE kept as found, the rest 0.
	mov	eax, cr4
	and	eax, CR4_MCE
	or	eax, CR4_PAE
	mov	cr4, eax
	mov	eax, pml4
	mov	cr3, eax
	mov	ecx, MSR_EFER
	rdmsr
	or	eax, EFER_LME
	wrmsr
	mov	eax, cr0
	and	eax, ~(CR0_CD | CR0_NW) & 0xffffffff
	or	eax, CR0_PG | CR0_PE
	mov	cr0, eax
	lgdt	[gdt64_ptr]
	jmp	GDT_SEL_CODE64:long_entry

.no_long_mode:
	; No console is set up yet: say it on COM1 as the firmware left it, and on 0xE9.
	mov	esi, no_lm_msg
.putc:
	lodsb
	test	al, al
	jz	.halt32
	mov	dx, PORT_COM1
	out	dx, al
	out	PORT_DEBUGCON, al
	jmp	.putc
.halt32:
	hlt
	jmp	.halt32

bits 64
long_entry:
	mov	ax, GDT_SEL_DATA
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
	dq GDT_DESC_CODE64
	dq GDT_DESC_DATA
	dq GDT_DESC_CODE32
	dq GDT_DESC_CODE16
	dq 0, 0
gdt64_end:
%if gdt64_end - gdt64 != GDT_ENTRIES * 8
%error "the GDT does not match GDT_ENTRIES in include/hw/gdt.h"
%endif
gdt64_ptr:
	dw GDT_LIMIT
	dq gdt64
boot_magic:	dd 0
boot_info:	dd 0
boot_cr0:	dd 0 ; CR0 as the loader left it

; The linker script gathers every page table in .bss.page_tables (the footprint names them).
section .bss.page_tables nobits alloc noexec write align=4096
pml4:	resb 4096
pdpt:	resb 4096
pd:	resb 4 * 4096
pt_low:	resb 4096

section .bss
; The BSP's stack. APs never share it: theirs are placed from the memory map
; (boot/footprint_image.c).
alignb 16
boot_stack:	resb 65536
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
