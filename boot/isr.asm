; SPDX-License-Identifier: MIT
; One stub per vector, all ending in one C function. The CPU pushes an error
; code only for some exceptions; the stubs push a 0 for the others so the C
; side sees one frame shape.

extern exception_entry
global isr_stubs, rdmsr_safe, wrmsr_safe, rdmsr_safe_insn, rdmsr_safe_fixup
global wrmsr_safe_insn, wrmsr_safe_fixup

section .text
bits 64

%macro STUB 1
align 16
isr_%1:
%if %1 = 8 || (%1 >= 10 && %1 <= 14) || %1 = 17 || %1 = 21 || %1 = 29 || %1 = 30
%else
	push	0
%endif
	push	%1
	jmp	isr_common
%endmacro

%assign v 0
%rep 256
	STUB v
%assign v v + 1
%endrep

isr_common:
	push	rax
	push	rbx
	push	rcx
	push	rdx
	push	rsi
	push	rdi
	push	rbp
	push	r8
	push	r9
	push	r10
	push	r11
	push	r12
	push	r13
	push	r14
	push	r15
	mov	rdi, rsp
	; The C side runs with a 16-byte aligned stack whatever the interrupted code had.
	mov	rbx, rsp
	and	rsp, -16
	call	exception_entry
	mov	rsp, rbx
	pop	r15
	pop	r14
	pop	r13
	pop	r12
	pop	r11
	pop	r10
	pop	r9
	pop	r8
	pop	rbp
	pop	rdi
	pop	rsi
	pop	rdx
	pop	rcx
	pop	rbx
	pop	rax
	add	rsp, 16
	iretq

; int rdmsr_safe(uint32_t msr, uint64_t *val): 0, or -1 when the MSR faults (#GP).
; The exception handler moves RIP from the *_insn label to the *_fixup label.
rdmsr_safe:
	mov	ecx, edi
	xor	eax, eax
	xor	edx, edx
rdmsr_safe_insn:
	rdmsr
	shl	rdx, 32
	or	rax, rdx
	mov	[rsi], rax
	xor	eax, eax
	ret
rdmsr_safe_fixup:
	mov	eax, -1
	ret

; int wrmsr_safe(uint32_t msr, uint64_t val)
wrmsr_safe:
	mov	ecx, edi
	mov	rax, rsi
	mov	rdx, rsi
	shr	rdx, 32
wrmsr_safe_insn:
	wrmsr
	xor	eax, eax
	ret
wrmsr_safe_fixup:
	mov	eax, -1
	ret

section .rodata
align 8
isr_stubs:
%assign v 0
%rep 256
	dq isr_ %+ v
%assign v v + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
