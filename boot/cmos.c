/* SPDX-License-Identifier: MIT */
#include "cmos.h"

#include "../include/hw/bios.h"
#include "../arch/cpu.h"

/*
 * Port 0x70 is write-only on most chipsets and reads as 0xFF; then the NMI
 * bit cannot be known, and it is written as 0 (NMI enabled), as Linux does.
 */
static uint8_t nmi_bit(void)
{
	uint8_t v = inb(CMOS_INDEX);

	return v == 0xff ? 0 : v & CMOS_NMI_DISABLE;
}

uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, (uint8_t)(nmi_bit() | (reg & 0x7f)));
	return inb(CMOS_DATA);
}

void cmos_write(uint8_t reg, uint8_t v)
{
	outb(CMOS_INDEX, (uint8_t)(nmi_bit() | (reg & 0x7f)));
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
	uint8_t idx = inb(CMOS_INDEX);

	s->nmi_disabled = idx == 0xff ? -1 : !!(idx & CMOS_NMI_DISABLE);
	s->reg0f = cmos_read(CMOS_SHUTDOWN_REG);
	s->offset = vec[0];
	s->segment = vec[1];
}
