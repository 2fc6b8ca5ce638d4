/* SPDX-License-Identifier: MIT */
#include "freq.h"

#include "../arch/cpu.h"
#include "../include/hw/cpuid.h"
#include "../lib/string.h"
#include "choose.h"
#include "hpet.h"
#include "pit.h"
#include "pmtimer.h"

/* 50 ms of PIT is 59659 ticks: one tick of error is 17 ppm, far below the 1% we promise. */
#define CALIBRATE_MS 50

static uint64_t detected_hz;

/* What CPUID declares: leaf 0x15's crystal ratio and leaf 0x16's nominal base clock. */
static void ask_cpuid(struct tsc_freq *f)
{
	struct tsc_candidate *c15 = &f->cand[TSC_SRC_CPUID15], *c16 = &f->cand[TSC_SRC_CPUID16];
	uint32_t max = cpuid_max_leaf();

	if (max < CPUID_LEAF_TSC_CRYSTAL) {
		tsc_reject(c15, "CPUID stops at leaf %#x", max);
	} else {
		struct cpuid_regs r = cpuid(CPUID_LEAF_TSC_CRYSTAL, 0);

		/* TSC = crystal (ECX) * EBX / EAX; ECX is 0 on parts that do not say. */
		if (r.eax && r.ebx && r.ecx)
			c15->hz = (uint64_t)r.ecx * r.ebx / r.eax;
		else
			tsc_reject(c15, "leaf 0x15 gives EAX %#x EBX %#x ECX %#x", r.eax, r.ebx,
				   r.ecx);
	}
	if (max < CPUID_LEAF_FREQ)
		tsc_reject(c16, "CPUID stops at leaf %#x", max);
	else
		c16->hz = (uint64_t)(cpuid(CPUID_LEAF_FREQ, 0).eax & 0xffff) * 1000000;
	if (max >= CPUID_LEAF_FREQ && !c16->hz)
		tsc_reject(c16, "leaf 0x16 gives a base clock of 0 MHz");
}

/* The clocks, each measured for CALIBRATE_MS whether or not another already answered. */
static void measure_clocks(struct tsc_freq *f, const struct tsc_clocks *c)
{
	struct tsc_candidate *hpet = &f->cand[TSC_SRC_HPET], *pm = &f->cand[TSC_SRC_PMTIMER];

	if (!c->hpet_base)
		tsc_reject(hpet, "%s", c->hpet_absent ? c->hpet_absent : "none");
	else
		hpet_measure(hpet, c->hpet_base, CALIBRATE_MS);
	if (!c->pmtimer_port)
		tsc_reject(pm, "%s", c->pmtimer_absent ? c->pmtimer_absent : "none");
	else
		pmtimer_measure(pm, c->pmtimer_port, c->pmtimer_bits, CALIBRATE_MS);
	pit_measure(&f->cand[TSC_SRC_PIT], CALIBRATE_MS);
}

void tsc_freq_detect(struct tsc_freq *f, const struct tsc_clocks *c)
{
	uint64_t start = rdtsc();

	memset(f, 0, sizeof(*f));
	ask_cpuid(f);
	f->invariant = cpuid(CPUID_LEAF_EXT_MAX, 0).eax >= CPUID_LEAF_EXT_POWER &&
		       (cpuid(CPUID_LEAF_EXT_POWER, 0).edx & CPUID_POWER_EDX_INVARIANT_TSC);
	measure_clocks(f, c);
	tsc_choose(f);
	detected_hz = f->hz;
	f->took_cycles = rdtsc() - start;
}

uint64_t tsc_hz(void)
{
	return detected_hz;
}

uint64_t tsc_cycles_to_us(uint64_t cycles)
{
	if (!detected_hz)
		return 0;
	/* Split so that nothing overflows 64 bits for any cycle count below 2^64. */
	return cycles / detected_hz * 1000000 + cycles % detected_hz * 1000000 / detected_hz;
}
