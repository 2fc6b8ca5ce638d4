/* SPDX-License-Identifier: MIT */
/* The BSP's first C: exceptions first, then what the loader said, then the runner. */
#include <stdint.h>

#include "bootinfo.h"
#include "cpu.h"
#include "exception.h"
#include "idt.h"
#include "main.h"
#include "physmap.h"

static struct bootinfo bootinfo;

void kmain(uint32_t magic, uint32_t info)
{
	idt_init();
	exception_set_bsp(cpu_apic_id());
	bootinfo_parse(magic, info, &phys_identity, &bootinfo);
	runner_main(&bootinfo);
}
