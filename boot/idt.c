/* SPDX-License-Identifier: MIT */
#include "idt.h"

#include <stdint.h>

#include "../include/hw/gdt.h"
#include "../lib/string.h"
#include "ap_layout.h"

#define IST_EMERGENCY 1
#define IST_MCE	      2
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
 * The APs' IDTs. The trampoline loads the early one, with no IST: an AP has
 * no TSS yet, so a fault there runs on that AP's own stack. At its C entry
 * the AP loads its own GDT and TSS (idt_setup_ap) and then the other, whose
 * #MC runs on the AP's own IST stack.
 */
static struct idt_gate idt_ap_early[256] __attribute__((aligned(16)));
static struct idt_gate idt_ap[256] __attribute__((aligned(16)));
struct {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed)) ap_idt_desc = { sizeof(idt_ap_early) - 1, 0 };
static struct tss tss __attribute__((aligned(16)));
/* A stack of its own for faults that mean the current stack cannot be trusted. */
static uint8_t emergency_stack[16384] __attribute__((aligned(16)));
/* And one for the BSP's #MC, which may strike inside an NMI or #DF handler. */
static uint8_t mce_stack[8192] __attribute__((aligned(16)));

/* An AP's own GDT, TSS and #MC stack: the top AP_CPU_AREA bytes of its stack (ap_layout.h). */
struct ap_area {
	uint64_t gdt[8];
	struct tss tss;
} __attribute__((aligned(16)));

_Static_assert(GDT_ENTRIES <= 8, "an AP's GDT copy holds the image's");
_Static_assert(sizeof(struct ap_area) + 1024 <= AP_CPU_AREA, "an AP's #MC stack keeps 1 KiB");

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

/* A 64-bit TSS descriptor takes two GDT slots: type 9 (available TSS), present. */
static void set_tss(uint64_t *gdt, const struct tss *t)
{
	uint64_t base = (uint64_t)(uintptr_t)t, limit = sizeof(*t) - 1;

	gdt[GDT_SEL_TSS / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 |
			       (uint64_t)GDT_TYPE_TSS << 40 | ((limit >> 16) & 0xf) << 48 |
			       ((base >> 24) & 0xff) << 56;
	gdt[GDT_SEL_TSS / 8 + 1] = base >> 32;
}

void idt_init(void)
{
	for (unsigned v = 0; v < 256; v++) {
		set_gate(idt, v, isr_stubs[v], 0);
		set_gate(idt_ap_early, v, isr_stubs[v], 0);
		set_gate(idt_ap, v, isr_stubs[v], 0);
	}
	ap_idt_desc.base = (uint64_t)(uintptr_t)idt_ap_early;
	set_gate(idt, 2, isr_stubs[2], IST_EMERGENCY); /* NMI */
	set_gate(idt, 8, isr_stubs[8], IST_EMERGENCY); /* #DF */
	set_gate(idt, 18, isr_stubs[18], IST_MCE);     /* #MC */
	set_gate(idt_ap, 18, isr_stubs[18], IST_MCE);

	memset(&tss, 0, sizeof(tss));
	tss.ist[IST_EMERGENCY - 1] =
		(uint64_t)(uintptr_t)(emergency_stack + sizeof(emergency_stack));
	tss.ist[IST_MCE - 1] = (uint64_t)(uintptr_t)(mce_stack + sizeof(mce_stack));
	tss.iomap = sizeof(tss);
	set_tss(gdt64, &tss);
	__asm__ volatile("ltr %w0" ::"r"(GDT_SEL_TSS));
	idt_load();
}

void idt_setup_ap(uint64_t area)
{
	struct ap_area *a = (struct ap_area *)(uintptr_t)area;
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = { GDT_LIMIT, (uint64_t)(uintptr_t)a->gdt },
				  idtr = { sizeof(idt_ap) - 1, (uint64_t)(uintptr_t)idt_ap };

	memcpy(a->gdt, gdt64, GDT_ENTRIES * 8);
	memset(&a->tss, 0, sizeof(a->tss));
	/* The #MC stack runs from the area's top down to just above the TSS. */
	a->tss.ist[IST_MCE - 1] = area + AP_CPU_AREA;
	a->tss.iomap = sizeof(a->tss);
	set_tss(a->gdt, &a->tss);
	/* The selectors in use index the same descriptors in the copy: nothing to reload. */
	__asm__ volatile("lgdt %0" ::"m"(gdtr) : "memory");
	__asm__ volatile("ltr %w0" ::"r"(GDT_SEL_TSS));
	__asm__ volatile("lidt %0" ::"m"(idtr) : "memory");
}
