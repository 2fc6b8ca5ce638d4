/* SPDX-License-Identifier: MIT */
#include "kickfault.h"

#include "../boot/trampoline.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../include/hw/apic.h"
#include "../lib/fmt.h"
#include "../lib/wait.h"

/* Vectors 0-15 are illegal in an IPI: the sender's ESR latches Send Illegal Vector (bit 5). */
#define BAD_VECTOR 2

static struct ipi_rec *next_rec(struct cpu *c, struct ipi_rec *spare)
{
	return c->nipi < CPU_MAX_IPIS ? &c->ipi[c->nipi++] : spare;
}

/* An APIC ID no CPU of the table has, below the xAPIC broadcast ID 0xff. */
static uint32_t unused_apic_id(void)
{
	for (uint32_t id = 0xfe; id > 0; id--)
		if (cpus_slot_of(id) < 0)
			return id;
	return 0xfe;
}

void kickfault_bad_ipi(struct cpu *c, const struct smp_params *p)
{
	struct ipi_rec spare;

	if (p->fault.esr == BAD_IPI_NONE || !apic_set_has(&p->fault.esr_at, c->apic))
		return;
	/* Before the INIT: whatever the AP's APIC makes of it, the INIT resets. */
	if (p->fault.esr == BAD_IPI_VECTOR)
		ipi_send(IPI_FIXED, c->apic, BAD_VECTOR, 0, p->timeout_cycles, next_rec(c, &spare));
	else
		ipi_send(IPI_FIXED, unused_apic_id(), AP_WAKE_VECTOR, 0, p->timeout_cycles,
			 next_rec(c, &spare));
}

static int new_ticket(const void *ctx)
{
	return trampoline_tickets() != *(const uint32_t *)ctx;
}

/* A restarted AP runs the trampoline again: wait until its new record stops moving. */
static int reached_online(const void *ctx)
{
	return ap_crumbs[*(const uint32_t *)ctx].last >= STEP_ONLINE;
}

static void sipi_again(unsigned slot, const struct smp_params *p)
{
	struct cpu *c = &cpus[slot];
	struct ipi_rec spare, *r = next_rec(c, &spare);
	uint32_t before = trampoline_tickets(), t = before;
	const char *was = c->online ? "online" : c->alive ? "alive" : "not-alive";
	const char *step = "none";
	int restarted;

	ipi_send(IPI_SIPI, c->apic, trampoline_vector(), p->sipi_udelay, p->timeout_cycles, r);
	/* An AP not in wait-for-SIPI ignores a SIPI (Intel SDM vol. 3, MP initialization). */
	restarted = wait_until(new_ticket, &before, wait_cycles(p->timeout_cycles), NULL);
	if (restarted && t < AP_MAX_TICKETS) {
		wait_until(reached_online, &t, wait_cycles(p->timeout_cycles), NULL);
		step = step_names[ap_crumbs[t].last];
	}
	ev(EV_SIPI_AGAIN, "cpu=%u apic=%#x was=%s esr=%#x result=%s ticket=%d step=%s", slot,
	   c->apic, was, r->esr, restarted ? "restarted" : "ignored", restarted ? (int)t : -1,
	   step);
	if (restarted)
		ktap_check(0, "sipi_again_ignored",
			   "CPU %u (APIC %#x), %s, ran the trampoline again at the extra SIPI "
			   "(ticket %u, reached %s)",
			   slot, c->apic, was, t, step);
	else
		ktap_check(1, "sipi_again_ignored",
			   "CPU %u (APIC %#x), %s, ignored the extra SIPI: no new ticket", slot,
			   c->apic, was);
}

void kickfault_sipi_again(const struct smp_params *p)
{
	if (!p->fault.sipi_again)
		return;
	for (unsigned i = 1; i < ncpus; i++)
		if (cpus[i].enabled && cpus[i].kicked &&
		    apic_set_has(&p->fault.sipi_again_at, cpus[i].apic))
			sipi_again(i, p);
}

void kickfault_report(const struct smp_params *p)
{
	char bad[96] = "";
	size_t o = 0;
	unsigned errors = 0;

	for (unsigned i = 0; i < ncpus; i++) {
		const struct cpu *c = &cpus[i];

		for (unsigned k = 0; k < c->nipi; k++) {
			uint32_t esr = c->ipi[k].esr & ESR_ERRORS;

			if (c->ipi[k].kind == IPI_FIXED)
				log_line("# fault=esr: a fixed IPI %s before CPU %u's kick: ESR "
					 "%#x%s",
					 p->fault.esr == BAD_IPI_DEST
						 ? "to an APIC ID no CPU has"
						 : "with vector 2 (0-15 are illegal)",
					 i, c->ipi[k].esr,
					 esr ? ""
					     : ", nothing latched: this APIC does not report it");
			if (!esr)
				continue;
			errors++;
			if (o < sizeof(bad))
				o += fmt_buf(bad + o, sizeof(bad) - o, "%s%u(%#x) %s esr=%#x",
					     o ? ", " : "", i, c->apic,
					     ipi_kind_names[c->ipi[k].kind], c->ipi[k].esr);
		}
	}
	ktap_check(errors == 0, "ipi_delivery", "%u IPIs with a delivery error in the ESR%s%s",
		   errors, errors ? ": " : "", bad);
}
