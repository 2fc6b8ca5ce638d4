/* SPDX-License-Identifier: MIT */
/*
 * The BSP's first C, called from boot/entry.asm: exceptions and machine checks first,
 * then what the loader said, the PAT and the memory types, then the run. It lives above
 * boot/ because it calls the runner (docs/layout.md).
 */
#include <stdint.h>

#include "../arch/bootinfo.h"
#include "../arch/cpu.h"
#include "../arch/pagefit.h"
#include "../arch/paging.h"
#include "../arch/physmap.h"
#include "../boot/exception.h"
#include "../boot/idt.h"
#include "../boot/loader.h"
#include "../boot/mce.h"
#include "runner.h"

void kmain(uint32_t magic, uint32_t info);

static struct bootinfo bootinfo;

void kmain(uint32_t magic, uint32_t info)
{
	idt_init();
	exception_set_bsp(cpu_apic_id());
	/* With its handler in place: banks from before this boot kept, then CR4.MCE. */
	(void)mce_setup_here();
	bootinfo_parse(magic, info, &phys_identity, &bootinfo);
	/* The PAT and the page types before anything maps a device (docs/hardware.md). */
	(void)paging_pat_setup();
	paging_fit(&bootinfo);
	runner_main(&bootinfo);
}
