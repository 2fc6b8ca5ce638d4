/* SPDX-License-Identifier: MIT */
#include "postcode.h"

#include "../boot/cpu.h"
#include "../include/hw/ports.h"

static int enabled;

void postcode_enable(int on)
{
	enabled = on;
}

void postcode(enum postcode_id code)
{
	if (enabled)
		outb(PORT_POST_CODE, (uint8_t)code);
}
