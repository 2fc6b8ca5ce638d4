/* SPDX-License-Identifier: MIT */
/*
 * The image's one GDT (boot/entry.asm builds it, boot/idt.c adds the TSS,
 * the AP trampoline borrows it): selectors and descriptors.
 */
#ifndef SMPSCOPE_HW_GDT_H
#define SMPSCOPE_HW_GDT_H

#define GDT_SEL_CODE64 0x08
#define GDT_SEL_DATA   0x10
#define GDT_SEL_CODE32 0x18 /* the AP trampoline's protected mode */
#define GDT_SEL_CODE16 0x20
#define GDT_SEL_TSS    0x28 /* a 64-bit TSS descriptor takes two slots */

#define GDT_ENTRIES 7
#define GDT_LIMIT   (GDT_ENTRIES * 8 - 1)

/* Flat, base 0, limit 4 GiB (64 KiB for the 16-bit one), present, ring 0. */
#define GDT_DESC_CODE64 0x00af9a000000ffff /* L=1 */
#define GDT_DESC_DATA	0x00cf92000000ffff
#define GDT_DESC_CODE32 0x00cf9a000000ffff /* D=1 */
#define GDT_DESC_CODE16 0x00009a000000ffff

/* System descriptor type byte: present, DPL 0, type 9 (available 64-bit TSS). */
#define GDT_TYPE_TSS 0x89
/* IDT gate type byte: present, DPL 0, type 14 (64-bit interrupt gate). */
#define IDT_TYPE_INTERRUPT 0x8e

#endif
