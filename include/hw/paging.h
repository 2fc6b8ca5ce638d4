/* SPDX-License-Identifier: MIT */
/* Page-table entry bits of the identity map (Intel SDM vol. 3, 4.5). */
#ifndef SMPSCOPE_HW_PAGING_H
#define SMPSCOPE_HW_PAGING_H

#include "const.h"

#define PTE_P	HW_U64(0x1)
#define PTE_RW	HW_U64(0x2)
#define PTE_PWT HW_U64(0x8)
#define PTE_PCD HW_U64(0x10)
#define PTE_PS	HW_U64(0x80) /* in a page directory: a 2 MiB page */
/* With PCD and PWT, picks one of the 8 PAT entries: bit 12 in a 2 MiB page, bit 7 in a 4 KiB one.
 */
#define PTE_PAT_2M HW_U64(0x1000)
#define PTE_PAT_4K HW_U64(0x80)

#define PAGE_SIZE_4K 0x1000
#define PAGE_SIZE_2M 0x200000
/* VGA memory and the BIOS ROMs: never RAM on a PC, typed by the fixed MTRRs. */
#define LEGACY_HOLE_BASE 0xa0000
#define LEGACY_HOLE_END	 0x100000
/* From here to 4 GiB: chipset MMIO (IOAPIC, HPET, LAPIC) and flash, mapped uncached. */
#define MMIO_HOLE_BASE	 0xfe000000
#define PTE_ADDR_MASK_4K HW_U64(0xfffffffffffff000)

#endif
