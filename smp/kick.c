/* SPDX-License-Identifier: MIT */
#include "kick.h"

#include "../arch/cpu.h"
#include "../boot/trampoline.h"
#include "../console/log.h"
#include "kickfault.h"
#include "smi.h"
#include "report_row.h"
#include "warmreset.h"

static void send(struct cpu *rec, enum ipi_kind kind, uint32_t dest, uint64_t settle_us,
		 const struct smp_params *p)
{
	struct ipi_rec spare;
	struct ipi_rec *r = rec->nipi < CPU_MAX_IPIS ? &rec->ipi[rec->nipi++] : &spare;

	ipi_send(kind, dest, trampoline_vector(), settle_us, p->timeout_cycles, r);
}

/*
 * Each IPI's delay comes before its ESR is read (apic/ipi.h): the MP spec's
 * 10 ms between INIT and its deassert (init_udelay) and sipi_udelay after
 * each SIPI, placed as Linux does; the deassert gets the least settle only.
 */
static void sequence(struct cpu *rec, uint32_t dest, int sipis, const struct smp_params *p)
{
	send(rec, IPI_INIT_ASSERT, dest, p->init_udelay, p);
	send(rec, IPI_INIT_DEASSERT, dest, 0, p);
	for (int i = 0; i < sipis; i++)
		send(rec, IPI_SIPI, dest, p->sipi_udelay, p);
}

void kick_one(struct cpu *c, const struct smp_params *p)
{
	int nosipi = p->fault.nosipi && apic_set_has(&p->fault.nosipi_at, c->apic);

	c->kicked = 1;
	c->tickets_at_kick = trampoline_tickets();
	c->kick_start = rdtsc_ordered();
	if (p->warm_reset == WR_PER_CPU)
		warm_reset_setup(c);
	kickfault_bad_ipi(c, p);
	smi_open(c, PH_KICK);
	sequence(c, c->apic, nosipi ? 0 : (int)p->sipi, p);
	c->kick_end = rdtsc_ordered();
	/* The alive window begins where the kick's ends (smp/flows.c). */
	smi_close(c, PH_KICK);
	smi_open(c, PH_ALIVE);
}

void kick_init(struct cpu *c, const struct smp_params *p)
{
	send(c, IPI_INIT_ASSERT, c->apic, p->init_udelay, p);
	send(c, IPI_INIT_DEASSERT, c->apic, 0, p);
}

void kick_broadcast(const struct smp_params *p)
{
	struct cpu *bsp = &cpus[0];

	for (unsigned i = 1; i < ncpus; i++)
		if (cpus[i].enabled)
			kickfault_bad_ipi(&cpus[i], p);
	for (unsigned i = 1; i < ncpus; i++)
		if (cpus[i].enabled)
			smi_open(&cpus[i], PH_KICK);
	bsp->kick_start = rdtsc_ordered();
	sequence(bsp, IPI_DEST_ALL_BUT_SELF, p->fault.nosipi ? 0 : (int)p->sipi, p);
	bsp->kick_end = rdtsc_ordered();
	for (unsigned i = 1; i < ncpus; i++) {
		if (!cpus[i].enabled)
			continue;
		smi_close(&cpus[i], PH_KICK);
		smi_open(&cpus[i], PH_ALIVE);
		cpus[i].kicked = 1;
		cpus[i].kick_start = bsp->kick_start;
		cpus[i].kick_end = bsp->kick_end;
	}
}

/* The IPIs kept for the CPU in slot, as sent (docs/log-format.md, ev=ipi). */
void kick_report_ipis(unsigned slot, const struct cpu *c, const struct report_ctx *x)
{
	(void)x;
	for (unsigned i = 0; i < c->nipi; i++)
		ev(EV_IPI,
		   "cpu=%u apic=%#x kind=%s icr=%#llx cycles=%llu esr=%#x timed_out=%u icr_busy=%u",
		   slot, c->apic, ipi_kind_names[c->ipi[i].kind], (unsigned long long)c->ipi[i].icr,
		   (unsigned long long)c->ipi[i].cycles, c->ipi[i].esr, c->ipi[i].timed_out,
		   c->ipi[i].icr_busy);
}

/* The broadcast's IPIs went to all-excluding-self; the BSP's slot keeps them. */
unsigned kick_report_broadcast(const struct report_ctx *x)
{
	if (x->p->flow == FLOW_BROADCAST)
		kick_report_ipis(0, &cpus[0], x);
	return 0;
}
