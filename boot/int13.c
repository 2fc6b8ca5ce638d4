/* SPDX-License-Identifier: MIT */
/*
 * INT 13h extended reads and writes through the real-mode thunk
 * (boot/int13.h). It runs before the image touches the PIC, the IVT, the BDA
 * or low memory: the BIOS finds its machine as it left it. Transfers are
 * bounced through a buffer below 1 MiB, at most STICK_IO_MAX sectors each.
 */
#include "int13.h"

#include "../arch/cpu.h"
#include "../lib/fmt.h"
#include "../lib/string.h"

#define CF 1u
/* A failed call's answer: the BIOS's status in AH, never STICK_IO_PROTECTED. */
#define IO_ERR(ah)	   (0x1300u | (ah))
#define AH_WRITE_PROTECTED 0x03

extern const uint8_t int13_thunk_start[], int13_thunk_end[], int13_regs[];

static struct stick_disk disk;
static uint8_t drive_no;

struct packet {
	uint8_t size, zero;
	uint16_t count, off, seg;
	uint64_t lba;
} __attribute__((packed));

static volatile struct int13_regs *regs(void)
{
	return (volatile struct int13_regs *)phys_ptr(INT13_BASE +
						      (int13_regs - int13_thunk_start));
}

/* One INT 13h call with AH=fn; returns the flags and leaves the registers in regs(). */
static uint16_t call(uint8_t fn, uint32_t ebx, uint16_t si)
{
	volatile struct int13_regs *r = regs();

	r->eax = (uint32_t)fn << 8;
	r->ebx = ebx;
	r->ecx = 0;
	r->edx = drive_no;
	r->esi = si;
	r->edi = 0;
	r->ds = r->es = 0;
	((void (*)(void))(uintptr_t)INT13_BASE)();
	return r->flags;
}

static uint64_t rw(uint8_t fn, uint64_t lba, uint32_t count)
{
	volatile struct packet *p = phys_ptr(INT13_PACKET);

	if (count > STICK_IO_MAX)
		return IO_ERR(0x01);
	p->size = sizeof(struct packet);
	p->zero = 0;
	p->count = (uint16_t)count;
	p->off = INT13_BUF & 0xf;
	p->seg = INT13_BUF >> 4;
	p->lba = lba;
	if (call(fn, 0, INT13_PACKET) & CF) {
		uint8_t ah = (uint8_t)(regs()->eax >> 8);

		return ah == AH_WRITE_PROTECTED && fn == 0x43 ? STICK_IO_PROTECTED : IO_ERR(ah);
	}
	return p->count == count ? 0 : IO_ERR(0xff);
}

static uint64_t rd(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	uint64_t e = rw(0x42, lba, count);

	(void)ctx;
	if (!e)
		memcpy(buf, (const void *)phys_ptr(INT13_BUF), (size_t)count * STICK_SECTOR);
	return e;
}

static uint64_t wr(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	(void)ctx;
	if (count > STICK_IO_MAX)
		return IO_ERR(0x01);
	memcpy((void *)phys_ptr(INT13_BUF), buf, (size_t)count * STICK_SECTOR);
	return rw(0x43, lba, count);
}

/* [base, end) lies in RAM by the map and holds nothing the loader handed over. */
static int low_free(const struct bootinfo *bi, uint64_t base, uint64_t end)
{
	int in_ram = 0;

	for (unsigned i = 0; i < bi->nmmap; i++) {
		const struct mmap_entry *e = &bi->mmap[i];

		if (e->base < end && base < e->base + e->len && e->type != MMAP_RAM)
			return 0;
		in_ram |= e->type == MMAP_RAM && e->base <= base && end <= e->base + e->len;
	}
	for (unsigned i = 0; i < bi->nkeep; i++)
		if (bi->keep[i].base < end && base < bi->keep[i].end)
			return 0;
	return in_ram;
}

const struct stick_disk *int13_disk(uint8_t drive, const struct bootinfo *bi, char *why, size_t n)
{
	volatile uint8_t *params = phys_ptr(INT13_PARAMS);
	volatile struct int13_regs *r = regs();

	if (!low_free(bi, INT13_STACK, INT13_LOW_END) || !low_free(bi, INT13_BUF, INT13_BUF_END)) {
		fmt_buf(why, n,
			"the low memory the INT 13h thunk needs is not free RAM by the map");
		return NULL;
	}
	memcpy((void *)phys_ptr(INT13_BASE), int13_thunk_start,
	       (size_t)(int13_thunk_end - int13_thunk_start));
	drive_no = drive;
	if ((call(0x41, 0x55aa, 0) & CF) || (r->ebx & 0xffff) != 0xaa55 || !(r->ecx & 1)) {
		fmt_buf(why, n, "BIOS drive %#x has no INT 13h extensions", drive);
		return NULL;
	}
	memset((void *)params, 0, 0x1e);
	params[0] = 0x1e;
	if (call(0x48, 0, INT13_PARAMS) & CF) {
		fmt_buf(why, n, "BIOS drive %#x: INT 13h AH=48h failed (AH=%#x)", drive,
			(r->eax >> 8) & 0xff);
		return NULL;
	}
	disk = (struct stick_disk){
		.read = rd,
		.write = wr,
		.sector_size = params[24] | (uint32_t)params[25] << 8,
	};
	fmt_buf(disk.name, sizeof(disk.name), "BIOS drive %#x (INT 13h)", drive);
	return &disk;
}
