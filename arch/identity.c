/* SPDX-License-Identifier: MIT */
#include "identity.h"

#include "../include/hw/cpuid.h"
#include "../lib/string.h"
#include "cpu.h"

/* Printable ASCII stays; anything else (a blank brand leaf is NULs) ends or becomes '?'. */
static void printable(char *s)
{
	for (; *s; s++)
		if (*s < ' ' || *s > '~')
			*s = '?';
}

static void brand(char out[CPU_BRAND_LEN])
{
	char *p = out;

	out[0] = '\0';
	if (cpuid(CPUID_LEAF_EXT_MAX, 0).eax < CPUID_LEAF_BRAND_LAST)
		return;
	for (uint32_t leaf = CPUID_LEAF_BRAND; leaf <= CPUID_LEAF_BRAND_LAST; leaf++) {
		struct cpuid_regs r = cpuid(leaf, 0);
		uint32_t regs[4] = { r.eax, r.ebx, r.ecx, r.edx };

		memcpy(p, regs, sizeof(regs));
		p += sizeof(regs);
	}
	out[CPU_BRAND_LEN - 1] = '\0';
	for (p = out; *p == ' ';)
		p++;
	memmove(out, p, strlen(p) + 1);
	/* Some parts pad the brand with trailing blanks too. */
	for (p = out + strlen(out); p > out && p[-1] == ' ';)
		*--p = '\0';
	printable(out);
}

void cpu_identity_read(struct cpu_identity *id)
{
	struct cpuid_regs r = cpuid(0, 0);
	uint32_t regs[3] = { r.ebx, r.edx, r.ecx };

	memcpy(id->vendor, regs, sizeof(regs));
	id->vendor[CPU_VENDOR_LEN - 1] = '\0';
	printable(id->vendor);
	cpu_signature(cpuid(1, 0).eax, &id->family, &id->model, &id->stepping);
	brand(id->brand);
}
