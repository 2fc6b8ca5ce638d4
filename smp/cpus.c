/* SPDX-License-Identifier: MIT */
#include "cpus.h"

#include "../boot/trampoline.h"
#include "../lib/string.h"

struct cpu cpus[SMP_MAX_CPUS];
unsigned ncpus;

static void add(uint32_t apic, const struct topology *t, enum outside_reason out, int bsp)
{
	struct cpu *c = &cpus[ncpus++];

	memset(c, 0, sizeof(*c));
	c->apic = apic;
	c->place = topology_place(t, apic);
	c->enabled = (uint8_t)(bsp || out == OUTSIDE_NONE);
	c->outside = (uint8_t)out;
	c->bsp = (uint8_t)bsp;
	c->in_madt = 1;
	c->ticket = -1;
}

int cpus_build(const struct cpu_enum *e, unsigned maxcpus, int ghost, uint32_t ghost_apic,
	       struct diag *d)
{
	const struct madt_info *m = &e->madt;
	int bsp = madt_find_apic(m, e->bsp_apic);
	unsigned enabled = 1;

	ncpus = 0;
	if (bsp < 0) {
		diag_add(d, "the BSP's APIC ID %#x is not in the MADT", e->bsp_apic);
		return -1;
	}
	add(e->bsp_apic, &e->topo, OUTSIDE_BSP, 1);
	for (unsigned i = 0; i < m->ncpus && ncpus < SMP_MAX_CPUS; i++) {
		enum outside_reason out = !m->cpus[i].enabled ? OUTSIDE_MADT_DISABLED
					  : maxcpus == 0 || enabled < maxcpus ? OUTSIDE_NONE
									      : OUTSIDE_MAXCPUS;

		if ((int)i == bsp)
			continue;
		enabled += out == OUTSIDE_NONE;
		add(m->cpus[i].apic_id, &e->topo, out, 0);
	}
	if (ghost) {
		if (cpus_slot_of(ghost_apic) >= 0) {
			diag_add(d, "ghost:%#x: that APIC ID is a real CPU of the MADT",
				 ghost_apic);
			return -1;
		}
		if (ncpus >= SMP_MAX_CPUS) {
			diag_add(d, "no slot left for ghost:%#x", ghost_apic);
			return -1;
		}
		add(ghost_apic, &e->topo, OUTSIDE_NONE, 0);
		cpus[ncpus - 1].ghost = 1;
		cpus[ncpus - 1].in_madt = 0;
	}
	cpus_publish();
	return 0;
}

void cpus_publish(void)
{
	for (unsigned i = 0; i < ncpus; i++) {
		ap_apic_ids[i] = cpus[i].apic;
		ap_slot_plan[i] = cpus[i].enabled && !cpus[i].bsp;
	}
	ap_ncpus = ncpus;
}

int cpus_slot_of(uint32_t apic)
{
	for (unsigned i = 0; i < ncpus; i++)
		if (cpus[i].apic == apic)
			return (int)i;
	return -1;
}

void cpus_renumber(unsigned slot, uint32_t apic)
{
	cpus[slot].apic = apic;
	ap_apic_ids[slot] = apic;
}

const struct ap_crumbs *cpus_crumbs(const struct cpu *c)
{
	uint32_t n = trampoline_tickets();

	if (c->ticket >= 0)
		return &ap_crumbs[c->ticket];
	/* Before it read its ID register, an AP is known by CPUID's initial APIC ID. */
	for (uint32_t t = 0; t < n && t < AP_MAX_TICKETS; t++)
		if (ap_crumbs[t].last &&
		    (ap_crumbs[t].last >= AP_STEP_APICID ? ap_crumbs[t].apic == c->apic
							 : ap_crumbs[t].cpuid_apic == c->apic))
			return &ap_crumbs[t];
	return NULL;
}

unsigned cpus_enabled(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < ncpus; i++)
		n += cpus[i].enabled;
	return n;
}

unsigned cpus_online(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < ncpus; i++)
		/* One that missed its timeout does not count, even if it came up later. */
		n += cpus[i].enabled && (cpus[i].bsp || (cpus[i].online && !cpus[i].timed_out));
	return n;
}
