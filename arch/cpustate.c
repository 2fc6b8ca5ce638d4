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

const uint32_t mtrr_fixed_msrs[MTRR_FIXED_MSRS] = {
	MSR_MTRR_FIX64K_00000,	  MSR_MTRR_FIX16K_80000,    MSR_MTRR_FIX16K_A0000,
	MSR_MTRR_FIX4K_C0000,	  MSR_MTRR_FIX4K_C0000 + 1, MSR_MTRR_FIX4K_C0000 + 2,
	MSR_MTRR_FIX4K_C0000 + 3, MSR_MTRR_FIX4K_C0000 + 4, MSR_MTRR_FIX4K_C0000 + 5,
	MSR_MTRR_FIX4K_C0000 + 6, MSR_MTRR_FIX4K_C0000 + 7,
};

/* CR0, CR4, the PAT and the machine-check globals: what smp/audit.c compares besides MTRRs. */
static void read_controls(struct cpu_state *s, struct cpuid_regs r)
{
	s->cr0 = read_cr0();
	s->cr4 = read_cr4();
	s->cr0_cd = !!(s->cr0 & CR0_CD);
	s->pat_ok = (r.edx & CPUID_1_EDX_PAT) && rdmsr_safe(MSR_IA32_PAT, &s->pat) == 0;
	s->mce = !!(r.edx & CPUID_1_EDX_MCE);
	s->mca_ok = (r.edx & CPUID_1_EDX_MCA) && rdmsr_safe(MSR_IA32_MCG_CAP, &s->mcg_cap) == 0 &&
		    rdmsr_safe(MSR_IA32_MCG_STATUS, &s->mcg_status) == 0;
}

static void read_fixed(struct cpu_state *s)
{
	if (!(s->mtrr_cap & MTRRCAP_FIX))
		return;
	for (unsigned i = 0; i < MTRR_FIXED_MSRS; i++)
		if (rdmsr_safe(mtrr_fixed_msrs[i], &s->fixed[i]))
			return;
	s->fixed_ok = 1;
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
	read_controls(s, r);
	s->phys_bits = cpu_phys_bits();
	s->mtrr = !!(r.edx & CPUID_1_EDX_MTRR);
	if (!s->mtrr || rdmsr_safe(MSR_MTRRCAP, &s->mtrr_cap) ||
	    rdmsr_safe(MSR_MTRR_DEF_TYPE, &s->mtrr_def)) {
		s->mtrr = 0;
		return;
	}
	read_fixed(s);
	for (unsigned i = 0; i < (s->mtrr_cap & MTRRCAP_VCNT_MASK) && i < MTRR_VAR_MAX; i++) {
		if (rdmsr_safe(MSR_MTRR_PHYSBASE(i), &s->var[i].base) ||
		    rdmsr_safe(MSR_MTRR_PHYSMASK(i), &s->var[i].mask))
			break;
		s->nvar = i + 1;
	}
}

void cpu_digest_of(const struct cpu_state *s, struct cpu_digest *d)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a over the valid ranges, index included */

	memset(d, 0, sizeof(*d));
	d->mtrr = (uint8_t)s->mtrr;
	d->fixed_ok = (uint8_t)s->fixed_ok;
	d->pat_ok = (uint8_t)s->pat_ok;
	d->mce = (uint8_t)s->mce;
	d->mca_ok = (uint8_t)s->mca_ok;
	d->cr0 = s->cr0;
	d->cr4 = s->cr4;
	d->pat = s->pat;
	d->mcg_cap = s->mcg_cap;
	d->mcg_status = s->mcg_status;
	d->mtrr_def = s->mtrr_def;
	memcpy(d->fixed, s->fixed, sizeof(d->fixed));
	for (unsigned i = 0; i < s->nvar; i++) {
		uint64_t v[3] = { i, s->var[i].base, s->var[i].mask };

		if (!mtrr_var_valid(s, i))
			continue;
		d->nvalid++;
		for (unsigned k = 0; k < 3; k++)
			for (unsigned b = 0; b < 8; b++)
				h = (h ^ ((v[k] >> (8 * b)) & 0xff)) * 0x100000001b3ull;
	}
	d->var_hash = h;
}

int cpu_digest_mtrrs_zero(const struct cpu_digest *d)
{
	for (unsigned i = 0; i < MTRR_FIXED_MSRS; i++)
		if (d->fixed[i])
			return 0;
	return d->mtrr && d->mtrr_def == 0 && d->nvalid == 0;
}

int cpu_digest_mtrrs_differ(const struct cpu_digest *a, const struct cpu_digest *b)
{
	if (a->mtrr != b->mtrr || a->mtrr_def != b->mtrr_def || a->nvalid != b->nvalid ||
	    a->var_hash != b->var_hash || a->fixed_ok != b->fixed_ok)
		return 1;
	return a->fixed_ok && memcmp(a->fixed, b->fixed, sizeof(a->fixed)) != 0;
}

/* The fixed range over 0xF8000-0xFFFFF, the BIOS ROM's top: the one fault=mtrr changes. */
#define MTRR_FIX_ROM_TOP 10
#define MTRR_ALL_WP	 0x0505050505050505ull

void cpu_state_break(enum cpu_break what)
{
	uint64_t v;

	switch (what) {
	case CPU_BREAK_PAT:
		/* Entry 7 from UC to UC-: no page of the image uses it. */
		if (rdmsr_safe(MSR_IA32_PAT, &v) == 0)
			(void)wrmsr_safe(MSR_IA32_PAT, v ^ (MEMTYPE_UC_MINUS << 56));
		break;
	case CPU_BREAK_MCE:
		write_cr4(read_cr4() & ~CR4_MCE);
		break;
	case CPU_BREAK_MTRR:
		/*
		 * WP, or UC where it is WP already: never all zero, so QEMU's MTRR reset
		 * cannot explain the difference away (smp/audit.c).
		 */
		if (rdmsr_safe(mtrr_fixed_msrs[MTRR_FIX_ROM_TOP], &v) == 0)
			(void)wrmsr_safe(mtrr_fixed_msrs[MTRR_FIX_ROM_TOP],
					 v == MTRR_ALL_WP ? 0 : MTRR_ALL_WP);
		break;
	case CPU_BREAK_CACHE:
		write_cr0(read_cr0() | CR0_CD);
		break;
	default:
		break;
	}
}
