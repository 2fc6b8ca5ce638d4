/* SPDX-License-Identifier: MIT */
/* The IDT and TSS: every vector reaches boot/exception.c; #DF, NMI and #MC on their own stack. */
#ifndef SMPSCOPE_BOOT_IDT_H
#define SMPSCOPE_BOOT_IDT_H

/* Builds the IDT and TSS and loads them on the BSP. */
void idt_init(void);
/* Loads the same IDT on another CPU. */
void idt_load(void);

#endif
