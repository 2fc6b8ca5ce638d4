/* SPDX-License-Identifier: MIT */
/*
 * Boot services kept, then left (boot/efi.h). GRUB omits the memory map
 * tags (4, 6, 17) when it keeps boot services, so the image makes its own
 * tag 6 from GetMemoryMap, in a copy of the info block that the rest of the
 * boot reads as if GRUB had passed it (docs/hardware.md, "The stick").
 */
#include "efi.h"

#include "../arch/bootinfo.h"
#include "../arch/cpu.h"
#include "../arch/physmap.h"
#include "../lib/string.h"
#include "efi_types.h"

#define MAP_BYTES   0x10000
#define COPY_BYTES  0x10000
#define MB2_MEMINFO 4
#define MB2_MMAP    6
#define MB2_EFIMAP  17
#define MB2_EFI_BS  18 /* "boot services not terminated": no longer true in the copy */
#define MMAP_ENTRY  24
/* ExitBootServices fails while the map key is stale; a few tries cover a timer event between. */
#define EXIT_TRIES 8

static EFI_SYSTEM_TABLE *st;
static EFI_HANDLE ih;
static uint8_t map[MAP_BYTES] __attribute__((aligned(8)));
static uint8_t copy[COPY_BYTES] __attribute__((aligned(8)));
static UINTN map_size, map_key, desc_size;
static struct efi_exit ex;

EFI_BOOT_SERVICES *efi_bs(void)
{
	return st ? st->BootServices : NULL;
}

EFI_HANDLE efi_image(void)
{
	return ih;
}

int efi_start(uint64_t system_table, uint64_t image_handle)
{
	st = (EFI_SYSTEM_TABLE *)(uintptr_t)system_table;
	ih = (EFI_HANDLE)(uintptr_t)image_handle;
	if (!st || !ih || st->Hdr.Signature != EFI_SYSTEM_TABLE_SIGNATURE || !st->BootServices) {
		st = NULL;
		ex.why = "no usable EFI system table or image handle in the loader's info";
		return -1;
	}
	ex.started = 1;
	return 0;
}

static int get_map(void)
{
	UINT32 version;

	map_size = sizeof(map);
	return EFI_ERROR(st->BootServices->GetMemoryMap(&map_size, (EFI_MEMORY_DESCRIPTOR *)map,
							&map_key, &desc_size, &version)) ||
	       desc_size < sizeof(EFI_MEMORY_DESCRIPTOR) - 8;
}

/* What memory is once boot services are gone: the loader's and the firmware's boot memory is RAM.
 */
static uint32_t mb_type(UINT32 t)
{
	switch (t) {
	case EfiConventionalMemory:
	case EfiBootServicesCode:
	case EfiBootServicesData:
	case EfiLoaderCode:
	case EfiLoaderData:
		return MMAP_RAM;
	case EfiACPIReclaimMemory:
		return MMAP_ACPI;
	case EfiACPIMemoryNVS:
		return MMAP_NVS;
	case EfiUnusableMemory:
		return MMAP_BAD;
	default:
		return MMAP_RESERVED;
	}
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* Tag 6 from the map, neighbours of one type merged. Returns its size, 0 when it does not fit. */
static uint32_t map_tag(uint8_t *t, uint32_t room)
{
	uint32_t n = 0;

	if (room < 16)
		return 0;
	put32(t, MB2_MMAP);
	put32(t + 8, MMAP_ENTRY);
	put32(t + 12, 0);
	for (UINTN off = 0; off + desc_size <= map_size; off += desc_size) {
		const EFI_MEMORY_DESCRIPTOR *d = (const EFI_MEMORY_DESCRIPTOR *)(map + off);
		uint64_t base = d->PhysicalStart, len = d->NumberOfPages * EFI_PAGE_SIZE;
		uint32_t type = mb_type(d->Type);
		uint8_t *last = n ? t + 16 + (n - 1) * MMAP_ENTRY : NULL;

		if (last && get32(last + 16) == type && get64(last) + get64(last + 8) == base) {
			uint64_t grown = get64(last + 8) + len;

			memcpy(last + 8, &grown, 8);
			continue;
		}
		if (16 + (n + 1) * MMAP_ENTRY > room)
			return 0;
		memcpy(t + 16 + n * MMAP_ENTRY, &base, 8);
		memcpy(t + 16 + n * MMAP_ENTRY + 8, &len, 8);
		put32(t + 16 + n * MMAP_ENTRY + 16, type);
		put32(t + 16 + n * MMAP_ENTRY + 20, 0);
		n++;
	}
	ex.entries = n;
	put32(t + 4, 16 + n * MMAP_ENTRY);
	return 16 + n * MMAP_ENTRY;
}

/*
 * Tag 4 as GRUB writes it without boot services: KiB of RAM from 0 (at most
 * 640) and from 1 MiB up to the first hole, read from the merged tag 6.
 */
static void meminfo_tag(uint8_t *t, const uint8_t *mmap)
{
	uint32_t lower = 0, upper = 0, size = get32(mmap + 4);

	for (uint32_t off = 16; off + MMAP_ENTRY <= size; off += MMAP_ENTRY) {
		uint64_t base = get64(mmap + off), end = base + get64(mmap + off + 8);

		if (get32(mmap + off + 16) != MMAP_RAM)
			continue;
		if (base == 0)
			lower = (uint32_t)((end < 0xa0000 ? end : 0xa0000) >> 10);
		if (base <= 0x100000 && end > 0x100000)
			upper = (uint32_t)((end - 0x100000) >> 10);
	}
	put32(t, MB2_MEMINFO);
	put32(t + 4, 16);
	put32(t + 8, lower);
	put32(t + 12, upper);
}

/* The loader's tags but its maps and tag 18, then tags 4 and 6 from the map, then the end tag. */
static uint64_t build_copy(uint64_t info)
{
	const uint8_t *src = (const uint8_t *)(uintptr_t)info;
	uint32_t total = get32(src), out = 8, size;

	if (total < 16 || total > COPY_BYTES)
		return 0;
	for (uint32_t off = 8, type; off + 8 <= total; off = (off + size + 7) & ~7u) {
		type = get32(src + off);
		size = get32(src + off + 4);
		if (type == 0 || size < 8 || size > total - off)
			break;
		if (type == MB2_MEMINFO || type == MB2_MMAP || type == MB2_EFIMAP ||
		    type == MB2_EFI_BS)
			continue;
		if (out + size + 8 > COPY_BYTES)
			return 0;
		memcpy(copy + out, src + off, size);
		out = (out + size + 7) & ~7u;
	}
	if (out + 16 > COPY_BYTES || !(size = map_tag(copy + out + 16, COPY_BYTES - out - 24)))
		return 0;
	meminfo_tag(copy + out, copy + out + 16);
	out = (out + 16 + size + 7) & ~7u;
	put32(copy + out, 0);
	put32(copy + out + 4, 8);
	out += 8;
	put32(copy, out);
	put32(copy + 4, 0);
	return (uint64_t)(uintptr_t)copy;
}

uint64_t efi_info_with_map(uint64_t info)
{
	if (!st || get_map())
		return 0;
	return build_copy(info);
}

uint64_t efi_leave(uint64_t info)
{
	uint64_t out;

	if (!st)
		return info;
	for (ex.tries = 1; ex.tries <= EXIT_TRIES; ex.tries++) {
		if (get_map()) {
			ex.why = "GetMemoryMap failed";
			break;
		}
		ex.status = st->BootServices->ExitBootServices(ih, map_key);
		if (ex.status != EFI_INVALID_PARAMETER)
			break;
	}
	if (ex.tries > EXIT_TRIES)
		ex.tries = EXIT_TRIES;
	cpu_irq_disable();
	if (EFI_ERROR(ex.status) && !ex.why)
		ex.why = "ExitBootServices failed";
	st = NULL; /* nothing of the firmware's may be called now */
	out = build_copy(info);
	if (!out && !ex.why)
		ex.why = "the memory map did not fit the info block's copy";
	return out ? out : info;
}

const struct efi_exit *efi_exit_report(void)
{
	return &ex;
}
