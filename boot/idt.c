/* SPDX-License-Identifier: MIT */
#include "idt.h"

#include <stdint.h>

#include "../include/hw/gdt.h"
#include "../lib/string.h"

#define IST_EMERGENCY 1

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

struct tss {
	uint32_t rsvd0;
	uint64_t rsp[3];
	uint64_t rsvd1;
	uint64_t ist[7];
	uint64_t rsvd2;
	uint16_t rsvd3, iomap;
} __attribute__((packed));

extern const uint64_t isr_stubs[256];
extern uint64_t gdt64[];

static struct idt_gate idt[256] __attribute__((aligned(16)));
/*
 * The APs' copy: no IST, because an AP has no TSS of its own and the BSP's
 * is busy; a fault on an AP runs on that AP's own stack.
 */
static struct idt_gate idt_ap[256] __attribute__((aligned(16)));
struct {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed)) ap_idt_desc = { sizeof(idt_ap) - 1, 0 };
static struct tss tss __attribute__((aligned(16)));
/* A stack of its own for faults that mean the current stack cannot be trusted. */
static uint8_t emergency_stack[16384] __attribute__((aligned(16)));

static void set_gate(struct idt_gate *idt, unsigned v, uint64_t addr, uint8_t ist)
{
	idt[v].off_lo = (uint16_t)addr;
	idt[v].sel = GDT_SEL_CODE64;
	idt[v].ist = ist;
	idt[v].type = IDT_TYPE_INTERRUPT;
	idt[v].off_mid = (uint16_t)(addr >> 16);
	idt[v].off_hi = (uint32_t)(addr >> 32);
	idt[v].zero = 0;
}

void idt_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	__asm__ volatile("lidt %0" ::"m"(ptr));
}

void idt_init(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss, limit = sizeof(tss) - 1;

	for (unsigned v = 0; v < 256; v++) {
		set_gate(idt, v, isr_stubs[v], 0);
		set_gate(idt_ap, v, isr_stubs[v], 0);
	}
	ap_idt_desc.base = (uint64_t)(uintptr_t)idt_ap;
	set_gate(idt, 2, isr_stubs[2], IST_EMERGENCY);	 /* NMI */
	set_gate(idt, 8, isr_stubs[8], IST_EMERGENCY);	 /* #DF */
	set_gate(idt, 18, isr_stubs[18], IST_EMERGENCY); /* #MC */

	memset(&tss, 0, sizeof(tss));
	tss.ist[IST_EMERGENCY - 1] =
		(uint64_t)(uintptr_t)(emergency_stack + sizeof(emergency_stack));
	tss.iomap = sizeof(tss);
	/* A 64-bit TSS descriptor takes two GDT slots: type 9 (available TSS), present. */
	gdt64[GDT_SEL_TSS / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 |
				 (uint64_t)GDT_TYPE_TSS << 40 | ((limit >> 16) & 0xf) << 48 |
				 ((base >> 24) & 0xff) << 56;
	gdt64[GDT_SEL_TSS / 8 + 1] = base >> 32;
	__asm__ volatile("ltr %w0" ::"r"(GDT_SEL_TSS));
	idt_load();
}
