/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "identity.h"

/* The CPUs the MADT gave: a rung of case=all lists them again, so the most any record has. */
static void count_cpus(const struct rpt_run *r, int *apics, int *packages)
{
	uint32_t pkgs[64];
	int n = 0, np = 0;

	for (int k = 0; k < r->ncpus; k++) {
		const struct rpt_cpu *c = &r->cpus[k];
		int seen = 0;

		if (!c->present)
			continue;
		n++;
		for (int i = 0; i < np; i++)
			seen |= pkgs[i] == c->pkg;
		if (!seen && np < (int)(sizeof(pkgs) / sizeof(pkgs[0])))
			pkgs[np++] = c->pkg;
	}
	if (n > *apics) {
		*apics = n;
		*packages = np;
	}
}

void rpt_identity_of(const struct rpt_log *log, int first, int n, struct rpt_identity *id)
{
	struct rpt_machine m = { 0 };

	memset(id, 0, sizeof(*id));
	/* The header is in the first record; ev=exit (an older image's vendor) in the last. */
	for (int i = first; i < first + n; i++) {
		const struct rpt_machine *b = &log->boots[i].machine;

		if (b->have_boot && !m.have_boot)
			m = *b;
		if (!m.bios_vendor[0] && b->bios_vendor[0])
			memcpy(m.bios_vendor, b->bios_vendor, sizeof(m.bios_vendor));
		count_cpus(&log->boots[i].run, &id->apics, &id->packages);
	}
	snprintf(id->cpu, sizeof(id->cpu), "%s",
		 m.brand[0] && strcmp(m.brand, "none") ? m.brand
		 : m.have_cpuid			       ? "no brand string"
						       : "CPU not logged (an older image)");
	if (m.have_cpuid)
		snprintf(id->signature, sizeof(id->signature),
			 "%s family %#x model %#x stepping %u", m.cpu_vendor, m.family, m.model,
			 m.stepping);
	if (m.bios_vendor[0] && strcmp(m.bios_vendor, "none"))
		snprintf(id->firmware, sizeof(id->firmware), "%s%s", m.bios_vendor,
			 m.efi ? " (UEFI)" : "");
	else
		snprintf(id->firmware, sizeof(id->firmware),
			 "%s, no SMBIOS vendor in the BIOS area",
			 !m.have_boot ? "firmware unknown"
			 : m.efi      ? "UEFI"
				      : "BIOS");
	snprintf(id->key, sizeof(id->key), "%s|%s|%s|%d|%d", id->cpu, id->signature, id->firmware,
		 id->apics, id->packages);
}
