/* SPDX-License-Identifier: MIT */
/*
 * Leaving UEFI's boot services (boot/efi.c) against a fake system table:
 * the memory map GetMemoryMap gives (descriptors 48 bytes apart, not
 * sizeof) becomes multiboot2 tags 4 and 6 in a copy of the info block,
 * neighbours of one type merged, the loader's and boot services' memory RAM,
 * NVS and reclaim kept; tag 18 (boot services kept) is gone from the copy;
 * ExitBootServices is retried while the map key is stale, and given up
 * after a bound with the copy still handed on. Built with gnu-efi's headers
 * and the MS ABI, as the image is (the Makefile's EFI_CFLAGS).
 */
#include "../../arch/cpu.h"
#define cpu_irq_disable fake_irq_disable
static int irq_off;
static void fake_irq_disable(void)
{
	irq_off = 1;
}
#include "../../boot/efi.c"
#include "../../boot/loader.h"
#include "unit.h"

/* The host's memory as the parsers reach it: the info block's address is a pointer. */
static const void *host_map(const struct physmap *pm, uint64_t addr, size_t len)
{
	(void)pm;
	(void)len;
	return (const void *)(uintptr_t)addr;
}

static const struct physmap host = { host_map, NULL };

#define DESC 48 /* OVMF's descriptor size: larger than the header's struct */

struct span {
	UINT32 type;
	uint64_t base, pages;
};

static const struct span fw[] = {
	{ EfiConventionalMemory, 0, 0x9f },	  { EfiReservedMemoryType, 0x9f000, 1 },
	{ EfiLoaderData, 0x100000, 0x100 },	  { EfiConventionalMemory, 0x200000, 0x600 },
	{ EfiACPIMemoryNVS, 0x800000, 8 },	  { EfiBootServicesData, 0x808000, 0xf8 },
	{ EfiBootServicesCode, 0x900000, 0x100 }, { EfiACPIReclaimMemory, 0xa00000, 0x10 },
	{ EfiMemoryMappedIO, 0xfec00000, 1 },
};
static UINTN key = 100;
static int stale_for; /* ExitBootServices answers EFI_INVALID_PARAMETER this many times */
static unsigned maps, exits;

static EFI_STATUS EFIAPI fake_get_map(UINTN *size, EFI_MEMORY_DESCRIPTOR *map, UINTN *k,
				      UINTN *dsize, UINT32 *ver)
{
	size_t n = sizeof(fw) / sizeof(fw[0]);

	maps++;
	if (*size < n * DESC)
		return EFI_BUFFER_TOO_SMALL;
	memset(map, 0, n * DESC);
	for (size_t i = 0; i < n; i++) {
		EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)((uint8_t *)map + i * DESC);

		d->Type = fw[i].type;
		d->PhysicalStart = fw[i].base;
		d->NumberOfPages = fw[i].pages;
	}
	*size = n * DESC;
	*k = key;
	*dsize = DESC;
	*ver = 1;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI fake_exit_bs(EFI_HANDLE h, UINTN k)
{
	(void)h;
	exits++;
	if (stale_for > 0) {
		stale_for--;
		key++; /* an event allocated memory between the two calls */
		return EFI_INVALID_PARAMETER;
	}
	return k == key ? EFI_SUCCESS : EFI_INVALID_PARAMETER;
}

static EFI_BOOT_SERVICES bs;
static EFI_SYSTEM_TABLE fake_st;
static uint8_t info[256] __attribute__((aligned(8)));

/* The loader's info block as GRUB-EFI hands it over with boot services kept. */
static uint64_t grub_info(void)
{
	uint32_t off = 8;
	static const char cmd[] = "case=save";

	memset(info, 0, sizeof(info));
	put32(info + off, 1);
	put32(info + off + 4, 8 + sizeof(cmd));
	memcpy(info + off + 8, cmd, sizeof(cmd));
	off += (8 + sizeof(cmd) + 7) & ~7u;
	put32(info + off, MB2_EFI_BS);
	put32(info + off + 4, 8);
	off += 8;
	put32(info + off, 0);
	put32(info + off + 4, 8);
	off += 8;
	put32(info, off);
	return (uint64_t)(uintptr_t)info;
}

static void test_map(void)
{
	static struct bootinfo bi;
	uint64_t copy;
	static const struct mmap_entry want[] = {
		{ 0, 0x9f000, MMAP_RAM },
		{ 0x9f000, 0x1000, MMAP_RESERVED },
		{ 0x100000, 0x700000, MMAP_RAM },
		{ 0x800000, 0x8000, MMAP_NVS },
		{ 0x808000, 0x1f8000, MMAP_RAM },
		{ 0xa00000, 0x10000, MMAP_ACPI },
		{ 0xfec00000, 0x1000, MMAP_RESERVED },
	};
	int same = 1;

	unit_check(efi_start((uint64_t)(uintptr_t)&fake_st, 0x1234) == 0, "efi_start", "refused");
	copy = efi_info_with_map(grub_info());
	unit_check(copy && mb2_parse(copy, &host, &bi) == 0 && !bi.problems.count, "copy_parses",
		   "%s", bi.problems.count ? bi.problems.msg[0] : "no copy");
	unit_check(!strcmp(bi.cmdline, "case=save") && !bi.efi_bs, "copy_keeps_tags_drops_18",
		   "cmdline '%s' efi_bs %d", bi.cmdline, bi.efi_bs);
	same = bi.nmmap == sizeof(want) / sizeof(want[0]);
	for (unsigned i = 0; same && i < bi.nmmap; i++)
		same = bi.mmap[i].base == want[i].base && bi.mmap[i].len == want[i].len &&
		       bi.mmap[i].type == want[i].type;
	unit_check(same, "map_merged_and_typed", "%u entries, the first %#llx+%#llx type %u",
		   bi.nmmap, (unsigned long long)bi.mmap[0].base,
		   (unsigned long long)bi.mmap[0].len, bi.mmap[0].type);
	unit_check(bi.has_meminfo && bi.mem_lower_kb == 636 && bi.mem_upper_kb == 7168,
		   "meminfo_from_map", "lower %u upper %u", bi.mem_lower_kb, bi.mem_upper_kb);
}

static void test_exit(void)
{
	static struct bootinfo bi;
	const struct efi_exit *x = efi_exit_report();
	uint64_t out;

	stale_for = 1;
	efi_start((uint64_t)(uintptr_t)&fake_st, 0x1234);
	out = efi_leave(grub_info());
	unit_check(x->tries == 2 && x->status == EFI_SUCCESS && !x->why && irq_off,
		   "exit_retried_on_stale_key", "tries %u status %#llx why %s", x->tries,
		   (unsigned long long)x->status, x->why ? x->why : "-");
	unit_check(out != (uint64_t)(uintptr_t)info && mb2_parse(out, &host, &bi) == 0 &&
			   bi.nmmap == 7,
		   "exit_hands_on_the_copy", "%u entries", bi.nmmap);
	unit_check(efi_bs() == NULL, "no_firmware_calls_after_exit", "boot services still set");
	stale_for = 1000;
	efi_start((uint64_t)(uintptr_t)&fake_st, 0x1234);
	exits = 0;
	out = efi_leave(grub_info());
	unit_check(exits == EXIT_TRIES && x->why && out != (uint64_t)(uintptr_t)info,
		   "exit_gives_up_after_a_bound", "%u calls, why %s", exits, x->why ? x->why : "-");
	unit_check(efi_start(0, 0x1234) != 0, "no_system_table_refused", "accepted");
}

int main(void)
{
	unit_begin();
	bs.GetMemoryMap = fake_get_map;
	bs.ExitBootServices = fake_exit_bs;
	fake_st.Hdr.Signature = EFI_SYSTEM_TABLE_SIGNATURE;
	fake_st.BootServices = &bs;
	test_map();
	test_exit();
	return unit_done();
}
