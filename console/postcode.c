/* SPDX-License-Identifier: MIT */
#include "postcode.h"

#include "../boot/cpu.h"

static int enabled;

void postcode_enable(int on)
{
	enabled = on;
}

void postcode(enum postcode_id code)
{
	if (enabled)
		outb(0x80, (uint8_t)code);
}
