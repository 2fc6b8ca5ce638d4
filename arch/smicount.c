/* SPDX-License-Identifier: MIT */
#include "smicount.h"

#include "../include/hw/ports.h"
#include "cpu.h"
#include "vendor.h"

static int usable = -1;

int smi_count_usable(void)
{
	struct cpuid_regs r;
	unsigned family, model;
	uint64_t v;

	if (usable >= 0)
		return usable;
	usable = 0;
	if (cpu_vendor_of(cpuid(0, 0)) != CPU_VENDOR_INTEL)
		return 0;
	r = cpuid(1, 0);
	family = ((r.eax >> 8) & 0xf) + ((r.eax >> 20) & 0xff);
	model = ((r.eax >> 4) & 0xf) | ((r.eax >> 12) & 0xf0);
	/* Linux offers the count from Nehalem on, and only after a read that does not fault. */
	if (family != 6 || model < SMI_COUNT_MODEL_MIN || rdmsr_safe(MSR_SMI_COUNT, &v))
		return 0;
	usable = 1;
	return 1;
}

uint32_t smi_count_read(void)
{
	return usable == 1 ? (uint32_t)rdmsr(MSR_SMI_COUNT) : 0;
}

void smi_raise_apm(void)
{
	outb(PORT_APM_CONTROL, APM_TEST_COMMAND);
}
