/* SPDX-License-Identifier: MIT */
/* The ev=cpu lines every case prints: one per MADT entry. */
#include "../console/log.h"
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
			   c->online_capable, (int)i == bsp, c->type == 9 ? "x2apic" : "lapic", c->uid);
		}
	}
}
