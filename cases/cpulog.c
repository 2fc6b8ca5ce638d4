/* SPDX-License-Identifier: MIT */
/* The ev=cpu lines every case prints: one per MADT entry. */
#include "../console/log.h"
#include "../tsc/features.h"
#include "../tsc/freq.h"
#include "cpulog.h"

/* BSP first, then the MADT's order: the numbering Linux gives CPUs, and the one smp/ uses. */
void log_madt_cpus(const struct cpu_enum *e)
{
	const struct madt_info *m = &e->madt;
	int bsp = madt_find_apic(m, e->bsp_apic);
	unsigned slot = 1;

	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < m->ncpus; i++) {
			const struct madt_cpu *c = &m->cpus[i];
			struct cpu_place p = topology_place(&e->topo, c->apic_id);

			if ((pass == 0) != ((int)i == bsp))
				continue;
			ev(EV_CPU,
			   "cpu=%u apic=%#x pkg=%u core=%u smt=%u enabled=%d online_capable=%d "
			   "bsp=%d type=%s uid=%u",
			   (int)i == bsp ? 0 : slot++, c->apic_id, p.pkg, p.core, p.smt, c->enabled,
			   c->online_capable, (int)i == bsp, madt_type_name(c->type), c->uid);
		}
	}
}

void log_tsc(const struct tsc_freq *f, const struct tsc_features *t, uint64_t hpet_base)
{
	ev(EV_TSC,
	   "hz=%llu mhz=%llu source=%s cpuid15_hz=%llu cpuid16_hz=%llu pit_hz=%llu hpet_hz=%llu "
	   "hpet=%#llx spread_ppm=%llu invariant=%d tsc_adjust=%d deadline=%d rdtscp=%d "
	   "adjust_value=%s",
	   (unsigned long long)f->hz, (unsigned long long)(f->hz / 1000000), f->source,
	   (unsigned long long)f->cpuid15_hz, (unsigned long long)f->cpuid16_hz,
	   (unsigned long long)f->pit_hz, (unsigned long long)f->hpet_hz,
	   (unsigned long long)hpet_base, (unsigned long long)f->spread_ppm, t->invariant,
	   t->tsc_adjust, t->deadline, t->rdtscp, t->adjust_known ? t->adjust_text : "none");
}
