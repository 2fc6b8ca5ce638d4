/* SPDX-License-Identifier: MIT */
#include "postcode.h"

#include "../arch/cpu.h"
#include "../include/hw/ports.h"

static int enabled;

void postcode_enable(int on)
{
	enabled = on;
}

int postcode_enabled(void)
{
	return enabled;
}

void postcode(uint8_t code)
{
	if (enabled)
		outb(PORT_POST_CODE, code);
}
