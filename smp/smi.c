/* SPDX-License-Identifier: MIT */
#include "smi.h"

#include "../arch/smicount.h"

static int counted;
static const struct fault_plan *fault;
static int fired;

void smi_setup(const struct smp_params *p)
{
	counted = p->smi_counted;
	fault = &p->fault;
	fired = 0;
}

void smi_open(struct cpu *c, enum phase ph)
{
	/* The fault's one SMI, from the BSP only: an AP's SMI would go to it (docs/hardware.md). */
	c->smi_from = counted ? smi_count_read() : 0;
	if (fault && fault->smi && !fired && ph == fault->smi_phase && c->apic == fault->smi_apic) {
		fired = 1;
		smi_raise_apm();
	}
}

void smi_close(struct cpu *c, enum phase ph)
{
	if (counted)
		c->smi[ph] += smi_count_read() - c->smi_from;
}

int64_t smi_in(const struct cpu *c, enum phase first, enum phase last)
{
	int64_t n = 0;

	if (!counted)
		return -1;
	for (int ph = first; ph <= (int)last; ph++)
		n += c->smi[ph];
	return n;
}
