/* SPDX-License-Identifier: MIT */
#include "faults.h"

#include "../console/ktap.h"
#include "../lib/string.h"
#include "../smp/cpus.h"

/* The APs a fault aims at; -1 (and a KTAP not ok) if it names one not in the table. */
static int targets(const struct fault *f, const struct smp_params *p, struct apic_set *set)
{
	const char *kind = fault_kind_names[f->kind];
	struct cpu *first;

	memset(set, 0, sizeof(*set));
	if (f->target == FAULT_AT_ALL) {
		set->all = 1;
		return 0;
	}
	if (f->target == FAULT_AT_FIRST_AP) {
		first = smp_first_kicked(p);
		if (!first) {
			ktap_check(0, "fault", "fault=%s: no AP to aim at", kind);
			return -1;
		}
		set->n = 1;
		set->apic[0] = first->apic;
		return 0;
	}
	for (uint32_t i = 0; i < f->napics; i++) {
		int slot = cpus_slot_of(f->apics[i]);

		if (slot <= 0 || !cpus[slot].enabled) {
			ktap_check(0, "fault",
				   "fault=%s@%#x: no AP with that APIC ID is being brought up",
				   kind, f->apics[i]);
			return -1;
		}
		set->apic[set->n++] = f->apics[i];
	}
	return 0;
}

/* The one APIC ID of a fault that aims at one AP. */
static int target(const struct fault *f, const struct smp_params *p, uint32_t *apic)
{
	struct apic_set set;

	if (targets(f, p, &set))
		return -1;
	*apic = set.apic[0];
	return 0;
}

static int at_step(const struct fault *f, struct smp_params *p)
{
	uint32_t kind = f->kind == FAULT_STOP ? AP_FAULT_STOP : AP_FAULT_EXCEPTION;
	struct apic_set set;

	if (targets(f, p, &set))
		return -1;
	/* Before long mode the AP has no IDT: a #UD there would triple-fault the machine. */
	if (kind == AP_FAULT_EXCEPTION && f->step < STEP_LONGMODE) {
		ktap_check(0, "fault",
			   "fault=exception:%s: before longmode an AP has no IDT and "
			   "would reset the machine; use stop:%s",
			   step_names[f->step], step_names[f->step]);
		return -1;
	}
	if (f->step <= STEP_STACK) {
		if (p->tramp_fault.kind) {
			ktap_check(0, "fault",
				   "only one stop/exception fault in the trampoline per run");
			return -1;
		}
		p->tramp_fault.kind = kind;
		p->tramp_fault.step = f->step;
		p->tramp_fault.at = set;
		return 0;
	}
	if (p->n_ap_faults >= SMP_MAX_AP_FAULTS) {
		ktap_check(0, "fault", "more than %d stop/exception faults after the trampoline",
			   SMP_MAX_AP_FAULTS);
		return -1;
	}
	p->ap_faults[p->n_ap_faults++] = (struct ap_fault){ kind, f->step, set };
	return 0;
}

/*
 * fault=apicid: the AP renumbers its xAPIC ID early, as AMD family 15h
 * firmware did, and the CPU table lists the new ID as that firmware's MADT
 * would. Only a broadcast reaches it: a kick by either ID would miss.
 */
static int renumber(const struct fault *f, struct smp_params *p)
{
	int slot = cpus_slot_of(f->apic);

	if (p->x2apic || p->flow != FLOW_BROADCAST) {
		ktap_check(0, "fault",
			   "fault=apicid: needs apic=xapic (the x2APIC ID is read-only) and "
			   "flow=broadcast (a kick by the old or new ID would miss)");
		return -1;
	}
	if (slot <= 0 || !cpus[slot].enabled || cpus_slot_of(f->value) >= 0) {
		ktap_check(0, "fault", "fault=apicid:%#x=%#x: no such AP, or the new ID is taken",
			   f->apic, f->value);
		return -1;
	}
	p->tramp_fault.renumber = 1;
	p->tramp_fault.renumber_from = f->apic;
	p->tramp_fault.renumber_to = f->value;
	cpus_renumber((unsigned)slot, f->value);
	return 0;
}

_Static_assert(FAULT_MAX_APICS == AP_FAULT_APICS, "a fault's APIC list fits the mailbox's");

int faults_resolve(const struct config *cfg, struct smp_params *p)
{
	for (unsigned i = 0; i < cfg->nfaults; i++) {
		const struct fault *f = &cfg->faults[i];

		switch (f->kind) {
		case FAULT_NOSIPI:
			if (p->flow == FLOW_BROADCAST && f->target != FAULT_AT_ALL) {
				ktap_check(0, "fault",
					   "fault=nosipi: broadcast sends its SIPIs to all "
					   "at once and cannot leave one CPU out; use "
					   "nosipi@all, ghost: or stop:realmode@APIC");
				return -1;
			}
			if (targets(f, p, &p->nosipi_at))
				return -1;
			p->nosipi = 1;
			break;
		case FAULT_ESR:
		case FAULT_SIPI_AGAIN:
			if (f->kind == FAULT_ESR ? p->esr != BAD_IPI_NONE : p->sipi_again) {
				ktap_check(0, "fault",
					   "fault=%s: one per run (aim it at a list: @1+5)",
					   fault_kind_names[f->kind]);
				return -1;
			}
			if (targets(f, p, f->kind == FAULT_ESR ? &p->esr_at : &p->sipi_again_at))
				return -1;
			if (f->kind == FAULT_SIPI_AGAIN) {
				p->sipi_again = 1;
				break;
			}
			p->esr = f->value == FAULT_ESR_DEST ? BAD_IPI_DEST : BAD_IPI_VECTOR;
			break;
		case FAULT_BSP_UD2:
			/* bsp-ud2 alone: before the flow (cases/bringup.c); :mid: half the APs up.
			 */
			p->bsp_ud2_mid = f->value;
			break;
		case FAULT_STOP:
		case FAULT_EXCEPTION:
			if (at_step(f, p))
				return -1;
			break;
		case FAULT_TSC_SKEW:
			if (p->tsc_sync == TSC_SYNC_OFF || p->flow == FLOW_PARALLEL ||
			    p->flow == FLOW_BROADCAST) {
				ktap_check(0, "fault",
					   "fault=tsc-skew: no warp test runs here to catch "
					   "it (tsc_sync=off, or a flow without the tsc "
					   "handshake)");
				return -1;
			}
			if (target(f, p, &p->skew_apic))
				return -1;
			p->skew = 1;
			p->skew_cycles = f->cycles;
			break;
		case FAULT_APICID:
			if (renumber(f, p))
				return -1;
			break;
		case FAULT_APIC_MODE:
			if (!p->x2apic) {
				ktap_check(0, "fault",
					   "fault=apic-mode:xapic: the run is xAPIC already; use "
					   "apic=x2apic");
				return -1;
			}
			if (target(f, p, &p->tramp_fault.keep_xapic_apic))
				return -1;
			p->tramp_fault.keep_xapic = 1;
			break;
		case FAULT_RESET:
			p->reset_on_hang = 1;
			break;
		default:
			/* ghost: in the CPU table already; bsp-ud2, bsp-nmi: the case itself. */
			break;
		}
	}
	return 0;
}
