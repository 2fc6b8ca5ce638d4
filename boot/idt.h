/* SPDX-License-Identifier: MIT */
/* The IDT and TSS: every vector reaches boot/exception.c; #DF, NMI and #MC on their own stack. */
#ifndef SMPSCOPE_BOOT_IDT_H
#define SMPSCOPE_BOOT_IDT_H

#include <stdint.h>

/* Builds the IDT and TSS and loads them on the BSP. */
void idt_init(void);
/* Loads the same IDT on another CPU. */
void idt_load(void);
/*
 * An AP's own GDT and TSS in the AP_CPU_AREA bytes at area (boot/ap_layout.h),
 * then the APs' IDT, whose #MC runs on the stack at the area's top.
 */
void idt_setup_ap(uint64_t area);

#endif
