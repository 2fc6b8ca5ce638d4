/* SPDX-License-Identifier: MIT */
#include "cmos.h"

#include "../include/hw/bios.h"
#include "../arch/cpu.h"

/*
 * Port 0x70 is write-only on Intel chipsets (a read gives the index only
 * with Alternate Access Mode on), so it is never read: Linux and coreboot
 * do not either. The index is written with the NMI-disable bit set, so no
 * chipset NMI comes between the index and its data (docs/hardware.md,
 * "CMOS"); NMIs the local APICs send are not gated by it.
 */
uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, (uint8_t)(CMOS_NMI_DISABLE | (reg & 0x7f)));
	return inb(CMOS_DATA);
}

void cmos_write(uint8_t reg, uint8_t v)
{
	outb(CMOS_INDEX, (uint8_t)(CMOS_NMI_DISABLE | (reg & 0x7f)));
	outb(CMOS_DATA, v);
}

void warm_reset_write(uint8_t reg0f, uint16_t segment, uint16_t offset)
{
	volatile uint16_t *vec = phys_ptr(BDA_WARM_RESET_VECTOR);

	cmos_write(CMOS_SHUTDOWN_REG, reg0f);
	vec[0] = offset;
	vec[1] = segment;
}

static struct warm_reset_state put_back;
static int armed;

void warm_reset_arm(uint16_t segment, const struct warm_reset_state *found)
{
	put_back = *found;
	armed = 1;
	warm_reset_write(CMOS_SHUTDOWN_JUMP, segment, 0);
}

int warm_reset_disarm(void)
{
	if (!armed)
		return 0;
	warm_reset_write(put_back.reg0f, put_back.segment, put_back.offset);
	armed = 0;
	return 1;
}

int warm_reset_armed(void)
{
	return armed;
}

void warm_reset_read(struct warm_reset_state *s)
{
	volatile const uint16_t *vec = phys_ptr(BDA_WARM_RESET_VECTOR);

	/* What the firmware left in the write-only index is not read (above). */
	s->nmi_disabled = -1;
	s->reg0f = cmos_read(CMOS_SHUTDOWN_REG);
	s->offset = vec[0];
	s->segment = vec[1];
}
