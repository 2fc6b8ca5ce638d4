/* SPDX-License-Identifier: MIT */
/* The ev=cpu lines every case prints: one per MADT entry. */
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../lib/string.h"
#include "../tsc/choose.h"
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

static void log_tsc(const struct tsc_freq *f, const struct tsc_features *t,
		    const struct tsc_clocks *c)
{
	const struct tsc_candidate *k = f->cand;
	char why[2 * TSC_WHY_LEN];

	fmt_quote(why, sizeof(why), f->why);
	ev(EV_TSC,
	   "hz=%llu mhz=%llu source=%s cpuid15_hz=%llu cpuid16_hz=%llu pit_hz=%llu hpet_hz=%llu "
	   "hpet=%#llx spread_ppm=%llu invariant=%d tsc_adjust=%d deadline=%d rdtscp=%d "
	   "adjust_value=%s pmtimer_hz=%llu pmtimer=%#x pmtimer_bits=%u agree_ppm=%u why=%s "
	   "took_us=%llu",
	   (unsigned long long)f->hz, (unsigned long long)(f->hz / 1000000), f->source,
	   (unsigned long long)k[TSC_SRC_CPUID15].hz, (unsigned long long)k[TSC_SRC_CPUID16].hz,
	   (unsigned long long)k[TSC_SRC_PIT].hz, (unsigned long long)k[TSC_SRC_HPET].hz,
	   (unsigned long long)c->hpet_base, (unsigned long long)f->spread_ppm, t->invariant,
	   t->tsc_adjust, t->deadline, t->rdtscp, t->adjust_known ? t->adjust_text : "none",
	   (unsigned long long)k[TSC_SRC_PMTIMER].hz, c->pmtimer_port,
	   c->pmtimer_port ? c->pmtimer_bits : 0, TSC_AGREE_PPM, why,
	   (unsigned long long)tsc_cycles_to_us(f->took_cycles));
	for (int i = 0; i < TSC_SRC_COUNT; i++) {
		const char *name = tsc_source_name((enum tsc_source)i);

		why[0] = '\0';
		if (k[i].why_not[0]) {
			str_copy(why, " why=", sizeof(why));
			fmt_quote(why + 5, sizeof(why) - 5, k[i].why_not);
		}
		ev(EV_TSC_SOURCE, "name=%s hz=%llu credible=%d chosen=%d%s", name,
		   (unsigned long long)k[i].hz, !k[i].why_not[0], f->hz && !strcmp(f->source, name),
		   why);
	}
}

void tsc_measure(const struct cpu_enum *e, struct tsc_freq *f, struct tsc_features *t)
{
	struct tsc_clocks c = {
		.hpet_base = e->hpet_base,
		.hpet_absent = e->hpet_absent,
		.pmtimer_port = e->pm_timer.port,
		.pmtimer_bits = e->pm_timer.bits,
		.pmtimer_absent = e->pm_timer_absent,
	};

	tsc_freq_detect(f, &c);
	tsc_features_read(t);
	log_tsc(f, t, &c);
}
