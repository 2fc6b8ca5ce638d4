/* SPDX-License-Identifier: MIT */
#include "reset.h"

#include <stdint.h>

#include "cpu.h"

void cpu_triple_fault(void)
{
	static const struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) none = { 0, 0 };

	__asm__ volatile("cli\n\tlidt %0\n\tint3" : : "m"(none) : "memory");
	cpu_halt_forever();
}
