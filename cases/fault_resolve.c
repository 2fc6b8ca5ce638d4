/* SPDX-License-Identifier: MIT */
#include "fault_resolve.h"

#include "../arch/smicount.h"
#include "../boot/exit.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../include/exitcode.h"
#include "../lib/string.h"
#include "../smp/cpus.h"
#include "table.h"

/* Whether p's flow is one of the fault's row: a resolver refuses the others in its own words. */
static int in_flow(const struct fault *f, const struct smp_params *p)
{
	return (fault_kind_flows[f->kind] >> p->flow) & 1u;
}

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

/* stop:, exception: at a trampoline step or at one of the C steps. */
static int resolve_at_step(const struct fault *f, struct smp_params *p)
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
		if (p->fault.tramp.kind) {
			ktap_check(0, "fault",
				   "only one stop/exception fault in the trampoline per run");
			return -1;
		}
		p->fault.tramp.kind = kind;
		p->fault.tramp.step = f->step;
		p->fault.tramp.at = set;
		return 0;
	}
	if (p->fault.n_ap >= SMP_MAX_AP_FAULTS) {
		ktap_check(0, "fault", "more than %d stop/exception faults after the trampoline",
			   SMP_MAX_AP_FAULTS);
		return -1;
	}
	p->fault.ap[p->fault.n_ap++] = (struct ap_fault){ kind, f->step, set };
	return 0;
}

/*
 * fault=apicid: the AP renumbers its xAPIC ID early, as AMD family 15h
 * firmware did, and the CPU table lists the new ID as that firmware's MADT
 * would. Only a broadcast reaches it: a kick by either ID would miss.
 */
static int resolve_renumber(const struct fault *f, struct smp_params *p)
{
	int slot = cpus_slot_of(f->apic);
	/*
	 * The BSP's ID is allowed: two CPUs then answer to one ID, as firmware
	 * that numbers twice leaves them, and the table keeps the MADT's. The AP
	 * finds the BSP's slot and must park (docs/flows.md, "Broadcast").
	 */
	int twin = cpus_slot_of(f->value) == 0;

	if (p->x2apic || !in_flow(f, p)) {
		ktap_check(0, "fault",
			   "fault=apicid: needs apic=xapic (the x2APIC ID is read-only) and "
			   "flow=broadcast (a kick by the old or new ID would miss)");
		return -1;
	}
	if (slot <= 0 || !cpus[slot].enabled || (!twin && cpus_slot_of(f->value) >= 0)) {
		ktap_check(0, "fault", "fault=apicid:%#x=%#x: no such AP, or the new ID is taken",
			   f->apic, f->value);
		return -1;
	}
	p->fault.tramp.renumber = 1;
	p->fault.tramp.renumber_from = f->apic;
	p->fault.tramp.renumber_to = f->value;
	if (!twin)
		cpus_renumber((unsigned)slot, f->value);
	return 0;
}

_Static_assert(FAULT_MAX_APICS == AP_FAULT_APICS, "a fault's APIC list fits the mailbox's");

/* ghost: in the CPU table already (cases/session.c); bsp-nmi: the case itself (cases/bringup.c). */
static int resolve_none(const struct fault *f, struct smp_params *p)
{
	(void)f, (void)p;
	return 0;
}

static int resolve_nosipi(const struct fault *f, struct smp_params *p)
{
	if (p->flow == FLOW_BROADCAST && f->target != FAULT_AT_ALL) {
		ktap_check(
			0, "fault",
			"fault=nosipi: broadcast sends its SIPIs to all at once and cannot leave "
			"one CPU out; use nosipi@all, ghost: or stop:realmode@APIC");
		return -1;
	}
	if (targets(f, p, &p->fault.nosipi_at))
		return -1;
	p->fault.nosipi = 1;
	return 0;
}

/* esr and sipi-again: one item per run, which a list of targets makes enough. */
static int one_per_run(const struct fault *f, int already)
{
	if (already)
		ktap_check(0, "fault", "fault=%s: one per run (aim it at a list: @1+5)",
			   fault_kind_names[f->kind]);
	return already ? -1 : 0;
}

static int resolve_esr(const struct fault *f, struct smp_params *p)
{
	if (one_per_run(f, p->fault.esr != BAD_IPI_NONE) || targets(f, p, &p->fault.esr_at))
		return -1;
	p->fault.esr = f->value == FAULT_ESR_DEST ? BAD_IPI_DEST : BAD_IPI_VECTOR;
	return 0;
}

static int resolve_sipi_again(const struct fault *f, struct smp_params *p)
{
	if (one_per_run(f, p->fault.sipi_again) || targets(f, p, &p->fault.sipi_again_at))
		return -1;
	p->fault.sipi_again = 1;
	return 0;
}

/*
 * smi: one SMI from the BSP through the APM control port, inside one phase's
 * window of one AP, to show the count marks it. Only where a firmware SMI
 * handler is known to return: under QEMU (never on metal, whose handler
 * may act on the command), on an Intel model that counts SMIs, whose count
 * is above 0 before the image raised any, so the firmware has taken SMIs
 * and come back (SeaBIOS and OVMF do; qboot installs no handler, and an
 * SMI there, or with smm=off, ends the machine). docs/hardware.md, "SMIs".
 */
static int resolve_smi(const struct fault *f, struct smp_params *p)
{
	uint32_t before = smi_count_usable() ? smi_count_read() : 0;

	if (!in_flow(f, p)) {
		ktap_check(0, "fault",
			   "fault=smi: needs a flow where the BSP times each phase "
			   "(serial, early-kick, kick-before-prepare)");
		return -1;
	}
	if (machine_emulator() != EMULATOR_QEMU || !p->smi_counted || before == 0) {
		ktap_check(0, "fault", "fault=smi: refused: %s",
			   machine_emulator() != EMULATOR_QEMU
				   ? "only under QEMU, where the firmware's SMI handler is known"
			   : !p->smi_counted
				   ? "this CPU counts no SMIs (MSR_SMI_COUNT)"
				   : "MSR_SMI_COUNT is 0: the firmware took no SMI, so none "
				     "may have a handler (qboot; smm=off)");
		return -1;
	}
	if (target(f, p, &p->fault.smi_apic))
		return -1;
	p->fault.smi = 1;
	p->fault.smi_phase = (enum phase)f->value;
	return 0;
}

/* bsp-ud2 alone: before the flow (cases/bringup.c); :mid: half the APs up (smp/flows.c). */
static int resolve_bsp_ud2(const struct fault *f, struct smp_params *p)
{
	p->fault.bsp_ud2_mid = (int)f->value;
	return 0;
}

/* Whether a TSC test runs under p: together's window in any flow, the per-AP test in some. */
static int tsc_tested(const struct smp_params *p)
{
	return p->tsc_sync == TSC_SYNC_TOGETHER ||
	       (p->tsc_sync != TSC_SYNC_OFF && ((FAULT_FLOWS_TSC >> p->flow) & 1u));
}

static int resolve_tsc_skew(const struct fault *f, struct smp_params *p)
{
	if (!in_flow(f, p) || !tsc_tested(p)) {
		ktap_check(0, "fault",
			   "fault=tsc-skew: no warp test runs here to catch it (tsc_sync=off, or a "
			   "flow without the tsc handshake)");
		return -1;
	}
	if (target(f, p, &p->fault.skew_apic))
		return -1;
	p->fault.skew = 1;
	p->fault.skew_cycles = f->cycles;
	return 0;
}

/* A CPU that stays away is only seen where the BSP waits for every CPU at once. */
static int resolve_tsc_absent(const struct fault *f, struct smp_params *p)
{
	if (p->tsc_sync != TSC_SYNC_TOGETHER) {
		ktap_check(
			0, "fault",
			"fault=tsc-absent: only tsc_sync=together has a window to stay away from");
		return -1;
	}
	if (one_per_run(f, p->fault.absent) || targets(f, p, &p->fault.absent_at))
		return -1;
	p->fault.absent = 1;
	return 0;
}

static int resolve_keep_xapic(const struct fault *f, struct smp_params *p)
{
	if (!p->x2apic) {
		ktap_check(0, "fault",
			   "fault=apic-mode:xapic: the run is xAPIC already; use apic=x2apic");
		return -1;
	}
	if (target(f, p, &p->fault.tramp.keep_xapic_apic))
		return -1;
	p->fault.tramp.keep_xapic = 1;
	return 0;
}

/*
 * pat, mce-off, mtrr, cache-off, memtype: what the audit checks, broken on the APs aimed at,
 * each once it is online (smp/audit.c); each fails its own check (docs/knobs.md, "Faults").
 */
static int resolve_audit(const struct fault *f, struct smp_params *p)
{
	unsigned k = f->kind == FAULT_PAT	  ? CPU_BREAK_PAT
		     : f->kind == FAULT_MCE_OFF	  ? CPU_BREAK_MCE
		     : f->kind == FAULT_MTRR	  ? CPU_BREAK_MTRR
		     : f->kind == FAULT_CACHE_OFF ? CPU_BREAK_CACHE
						  : FAULT_BREAK_MEMTYPE;

	if (one_per_run(f, (p->fault.breaks >> k) & 1u) || targets(f, p, &p->fault.break_at[k]))
		return -1;
	p->fault.breaks |= 1u << k;
	return 0;
}

static int resolve_reset(const struct fault *f, struct smp_params *p)
{
	(void)f;
	p->fault.reset_on_hang = 1;
	return 0;
}

static int (*const resolvers[FAULT_KIND_COUNT])(const struct fault *f, struct smp_params *p) = {
#define FAULT_RESOLVER(id, name, args, shape, resolve, ...) [id] = resolve_##resolve,
	SMPSCOPE_FAULT_KINDS(FAULT_RESOLVER)
#undef FAULT_RESOLVER
};

/*
 * case=all: the APs of f this rung brings up, in here. A rung leaves some of
 * the MADT's CPUs out (one-ap brings up one): a fault at those waits for a
 * rung that brings one up, and the log says so. Returns 1 when none is up
 * here; APIC IDs in no rung at all stay for the resolver to refuse.
 */
static int aimed_elsewhere(const struct fault *f, struct fault *here, const char *rung)
{
	char name[64];

	*here = *f;
	/* ghost adds its CPU, apicid renumbers one: neither aims at a CPU of the table. */
	if (f->target != FAULT_AT_APIC || f->kind == FAULT_GHOST || f->kind == FAULT_APICID)
		return 0;
	here->napics = 0;
	for (uint32_t i = 0; i < f->napics; i++) {
		int slot = cpus_slot_of(f->apics[i]);

		if (slot > 0 && !cpus[slot].enabled)
			continue;
		here->apics[here->napics++] = f->apics[i];
	}
	if (here->napics == f->napics)
		return 0;
	here->apic = here->apics[0];
	fault_format(f, name, sizeof(name));
	log_line("# fault=%s: %s not brought up in rung %s; %s", name,
		 here->napics ? "some of its CPUs are" : "its CPU is", rung,
		 here->napics ? "aimed at the others" : "this rung runs without it");
	return here->napics == 0;
}

int faults_resolve(const struct config *cfg, struct smp_params *p)
{
	for (unsigned i = 0; i < cfg->nfaults; i++) {
		struct fault here = cfg->faults[i];

		if (cfg->in_ladder &&
		    aimed_elsewhere(&cfg->faults[i], &here, case_table[cfg->case_idx].name))
			continue;
		if (resolvers[here.kind](&here, p))
			return -1;
	}
	return 0;
}
