/* SPDX-License-Identifier: MIT */
/*
 * Which processor this is, as CPUID tells it: the vendor string (leaf 0),
 * family, model and stepping (leaf 1, with the extended fields folded in as
 * the SDM and the APM say), and the brand string (0x80000002-4). ev=boot logs
 * it and the screen's header shows the brand (docs/log-format.md): a lab's
 * fleet page names each machine by it (docs/report.md, "fleet").
 */
#ifndef SMPSCOPE_ARCH_IDENTITY_H
#define SMPSCOPE_ARCH_IDENTITY_H

#include <stdint.h>

#define CPU_BRAND_LEN  49 /* three leaves of 16 bytes, and a NUL */
#define CPU_VENDOR_LEN 13 /* leaf 0's EBX, EDX, ECX, and a NUL */

struct cpu_identity {
	char vendor[CPU_VENDOR_LEN];
	char brand[CPU_BRAND_LEN]; /* without its leading blanks; "" when the CPU has none */
	uint32_t family, model, stepping;
};

/* family, model and stepping from CPUID leaf 1's EAX. */
static inline void cpu_signature(uint32_t eax, uint32_t *family, uint32_t *model,
				 uint32_t *stepping)
{
	*stepping = eax & 0xf;
	*model = ((eax >> 4) & 0xf) | ((eax >> 12) & 0xf0);
	*family = ((eax >> 8) & 0xf) + ((eax >> 20) & 0xff);
}

void cpu_identity_read(struct cpu_identity *id);

#endif
