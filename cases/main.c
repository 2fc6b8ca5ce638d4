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
#include "../boot/efi.h"
#include "../boot/exception.h"
#include "../boot/idt.h"
#include "../boot/loader.h"
#include "../boot/mce.h"
#include "runner.h"
#include "save.h"

void kmain(uint32_t magic, uint32_t info);
void kmain_efi(uint64_t magic, uint64_t info);

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

/*
 * GRUB-EFI's 64-bit entry with boot services kept (boot/efi_entry.asm): the
 * previous boot's log to the stick while the firmware's Block I/O still
 * works, then out of boot services and into the 32-bit entry with a memory
 * map of the image's own, as any multiboot2 boot (docs/hardware.md, "The
 * stick"). The firmware's IDT, GDT and page tables stay until then.
 */
void kmain_efi(uint64_t magic, uint64_t info)
{
	static struct bootinfo early;
	uint64_t with_map;

	if (magic == MB2_BOOT_MAGIC && info < (1ull << 32) &&
	    bootinfo_parse(MB2_BOOT_MAGIC, info, &phys_identity, &early) == 0 &&
	    efi_start(early.efi_st, early.efi_ih) == 0 && (with_map = efi_info_with_map(info))) {
		bootinfo_parse(MB2_BOOT_MAGIC, with_map, &phys_identity, &early);
		save_before_exit(&early);
	}
	efi_to_start32((uint32_t)magic, (uint32_t)efi_leave(info));
}
