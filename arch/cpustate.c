/* SPDX-License-Identifier: MIT */
#include "cpustate.h"

#include "../lib/string.h"
#include "../include/hw/cr.h"
#include "cpu.h"
#include "identity.h"
#include "vendor.h"

unsigned cpu_phys_bits(void)
{
	if (cpuid(CPUID_LEAF_EXT_MAX, 0).eax >= CPUID_LEAF_EXT_ADDR)
		return cpuid(CPUID_LEAF_EXT_ADDR, 0).eax & 0xff;
	return 36;
}

uint64_t mtrr_var_size(uint64_t mask, unsigned phys_bits)
{
	uint64_t m = (mask & ~0xfffull) | ~((1ull << phys_bits) - 1);

	return ~m + 1;
}

void cpu_state_read(struct cpu_state *s)
{
	struct cpuid_regs r = cpuid(1, 0);
	uint64_t v;

	memset(s, 0, sizeof(*s));
	cpu_signature(r.eax, &s->family, &s->model, &s->stepping);
	s->vendor = cpu_vendor_of(cpuid(0, 0));
	if (cpu_vendor_is_amd(s->vendor)) {
		/* AMD: the patch level is the MSR's low half, read as it stands. */
		if (rdmsr_safe(MSR_AMD64_PATCH_LEVEL, &v) == 0) {
			s->ucode_known = 1;
			s->ucode_rev = (uint32_t)v;
		}
	} else if (wrmsr_safe(MSR_IA32_BIOS_SIGN_ID, 0) == 0) {
		/* The SDM's recipe: write 0 to the signature MSR, CPUID(1), then read the high
		 * half. */
		(void)cpuid(1, 0);
		if (rdmsr_safe(MSR_IA32_BIOS_SIGN_ID, &v) == 0) {
			s->ucode_known = 1;
			s->ucode_rev = (uint32_t)(v >> 32);
		}
	}
	s->cr0_cd = !!(read_cr0() & CR0_CD);
	s->mtrr = !!(r.edx & CPUID_1_EDX_MTRR);
	if (!s->mtrr || rdmsr_safe(MSR_MTRRCAP, &s->mtrr_cap) ||
	    rdmsr_safe(MSR_MTRR_DEF_TYPE, &s->mtrr_def)) {
		s->mtrr = 0;
		return;
	}
	for (unsigned i = 0; i < (s->mtrr_cap & 0xff) && i < MTRR_VAR_MAX; i++) {
		if (rdmsr_safe(MSR_MTRR_PHYSBASE(i), &s->var[i].base) ||
		    rdmsr_safe(MSR_MTRR_PHYSMASK(i), &s->var[i].mask))
			break;
		s->nvar = i + 1;
	}
}
