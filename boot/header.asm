; SPDX-License-Identifier: MIT
; Multiboot headers. GRUB takes the multiboot2 one and loads the ELF64 file by
; its program headers. QEMU's -kernel takes the multiboot1 one; it refuses ELF64
; unless flag 16 is set, and then loads the file's bytes from the load address
; on, so the linker script keeps the image one contiguous segment.

extern __load_start, __load_end, __bss_end, _start32, efi_entry64

MB1_MAGIC	equ 0x1BADB002
MB1_FLAGS	equ (1 << 1) | (1 << 16)	; memory info, address fields valid
MB2_MAGIC	equ 0xE85250D6
MB2_ARCH_I386	equ 0
MB2_TAG_FRAMEBUFFER equ 5
MB2_TAG_EFI_BS	equ 7
MB2_TAG_EFI_AMD64_ENTRY equ 9
MB2_TAG_OPTIONAL equ 1

section .multiboot progbits alloc noexec nowrite align=8
align 8
mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	; Framebuffer request, optional (flags bit 0), no preferred mode: GRUB-EFI then hands
	; over the GOP framebuffer. Under BIOS grub.cfg sets gfxpayload=text after the
	; multiboot2 command, so the VGA text console stays (docs/screen.md).
	align 8
	dw MB2_TAG_FRAMEBUFFER, MB2_TAG_OPTIONAL
	dd 20
	dd 0, 0, 0		; width, height, depth: whatever GRUB picks
	; GRUB-EFI: keep boot services and enter at efi_entry64 in 64-bit mode, so the image can
	; save the previous boot's log through the firmware's Block I/O before it leaves them
	; (boot/efi_entry.asm, docs/hardware.md "The stick"). GRUB-pc ignores both tags and
	; enters at _start32 as before; optional, so a loader that knows neither still boots.
	align 8
	dw MB2_TAG_EFI_BS, MB2_TAG_OPTIONAL
	dd 8
	align 8
	dw MB2_TAG_EFI_AMD64_ENTRY, MB2_TAG_OPTIONAL
	dd 12
	dd efi_entry64
	align 8
	dw 0, 0			; end tag
	dd 8
mb2_header_end:

align 4
mb1_header:
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd -(MB1_MAGIC + MB1_FLAGS)
	dd mb1_header		; header_addr
	dd __load_start		; load_addr
	dd __load_end		; load_end_addr
	dd __bss_end		; bss_end_addr
	dd _start32		; entry_addr

section .note.GNU-stack noalloc noexec nowrite progbits
