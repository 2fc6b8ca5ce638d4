/* SPDX-License-Identifier: MIT */
/*
 * The BSP's first C, called from boot/entry.asm: exceptions first, then what the loader said,
 * then the run. It lives above boot/ because it calls the runner (docs/layout.md).
 */
#include <stdint.h>

#include "../arch/bootinfo.h"
#include "../arch/cpu.h"
#include "../arch/physmap.h"
#include "../boot/exception.h"
#include "../boot/idt.h"
#include "../boot/loader.h"
#include "runner.h"

void kmain(uint32_t magic, uint32_t info);

static struct bootinfo bootinfo;

void kmain(uint32_t magic, uint32_t info)
{
	idt_init();
	exception_set_bsp(cpu_apic_id());
	bootinfo_parse(magic, info, &phys_identity, &bootinfo);
	runner_main(&bootinfo);
}
