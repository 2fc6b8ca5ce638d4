/* SPDX-License-Identifier: MIT */
#include "freq.h"

#include "../boot/cpu.h"
#include "hpet.h"
#include "pit.h"

/* 50 ms of PIT is 59659 ticks: one tick of error is 17 ppm, far below the 1% we promise. */
#define PIT_CALIBRATE_MS 50

static uint64_t detected_hz;

static uint64_t spread_ppm(const struct tsc_freq *f)
{
	uint64_t v[4] = { f->cpuid15_hz, f->cpuid16_hz, f->pit_hz, f->hpet_hz }, lo = 0, hi = 0;

	for (int i = 0; i < 4; i++) {
		if (!v[i])
			continue;
		lo = !lo || v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	return lo ? (hi - lo) * 1000000 / lo : 0;
}

void tsc_freq_detect(struct tsc_freq *f, uint64_t hpet_base)
{
	uint32_t max = cpuid_max_leaf();
	uint64_t cycles;

	f->cpuid15_hz = f->cpuid16_hz = f->pit_hz = 0;
	if (max >= 0x15) {
		struct cpuid_regs r = cpuid(0x15, 0);

		/* TSC = crystal (ECX) * EBX / EAX; ECX is 0 on parts that do not say. */
		if (r.eax && r.ebx && r.ecx)
			f->cpuid15_hz = (uint64_t)r.ecx * r.ebx / r.eax;
	}
	if (max >= 0x16)
		f->cpuid16_hz = (uint64_t)(cpuid(0x16, 0).eax & 0xffff) * 1000000;
	f->invariant = cpuid(CPUID_LEAF_EXT_MAX, 0).eax >= CPUID_LEAF_EXT_POWER &&
		       (cpuid(CPUID_LEAF_EXT_POWER, 0).edx & CPUID_POWER_EDX_INVARIANT_TSC);

	cycles = pit_measure_tsc(PIT_CALIBRATE_MS);
	f->pit_hz = cycles * 1000 / PIT_CALIBRATE_MS;
	f->hpet_hz = hpet_measure_tsc_hz(hpet_base, PIT_CALIBRATE_MS);
	/* The clocks are measured in any case, so the log shows how far the sources disagree. */
	if (f->cpuid15_hz) {
		f->hz = f->cpuid15_hz;
		f->source = "cpuid-15";
	} else if (f->cpuid16_hz) {
		/* The nominal base clock, which the TSC runs at on parts that have leaf 0x16. */
		f->hz = f->cpuid16_hz;
		f->source = "cpuid-16";
	} else if (f->hpet_hz) {
		/* A 64-bit counter read directly beats the PIT's gate and one-shot count. */
		f->hz = f->hpet_hz;
		f->source = "hpet";
	} else if (f->pit_hz) {
		f->hz = f->pit_hz;
		f->source = "pit";
	} else {
		f->hz = 0;
		f->source = "none";
	}
	f->spread_ppm = spread_ppm(f);
	detected_hz = f->hz;
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
