/* SPDX-License-Identifier: MIT */
#include "callin.h"

#include "../console/ktap.h"
#include "report_row.h"

int callin_same_place(const struct cpu *c)
{
	return c->cpuid_apic == c->apic && c->own_place.pkg == c->place.pkg &&
	       c->own_place.core == c->place.core && c->own_place.smt == c->place.smt;
}

const char *callin_mtrr_word(const struct cpu *c)
{
	return !c->callin ? "unknown" : c->mtrr_same ? "same" : "differs";
}

const char *callin_topo_word(const struct cpu *c)
{
	return !c->callin ? "unknown" : callin_same_place(c) ? "same" : "differs";
}

unsigned callin_report_topology(const struct report_ctx *x)
{
	unsigned differ = 0;

	(void)x;
	for (unsigned i = 1; i < ncpus; i++)
		differ += cpus[i].enabled && cpus[i].callin && !callin_same_place(&cpus[i]);
	ktap_check(differ == 0, "ap_topology_matches",
		   "%u APs' own CPUID places them elsewhere than their APIC ID says (ev=ap topo=)",
		   differ);
	return differ;
}
