/* SPDX-License-Identifier: MIT */
#include "ap.h"

#include "../apic/enumerate.h"
#include "../apic/lapic.h"
#include "../apic/regs.h"
#include "../apic/timer.h"
#include "../tsc/features.h"
#include "../arch/cpu.h"
#include "../boot/exception.h"
#include "../boot/idt.h"
#include "../boot/mce.h"
#include "../boot/trampoline.h"
#include "../include/events.h"
#include "../lib/string.h"
#include "../lib/wait.h"
#include "audit.h"
#include "cpus.h"
#include "park.h"
#include "tscjobs.h"
#include "tscsync.h"

static const struct smp_params *params;
static struct cpu_state bsp;
/* How long an AP waits for the BSP in any one phase; see ap_setup(). */
static uint64_t ap_patience;

static void crumb(uint32_t ticket, unsigned step)
{
	ap_crumbs[ticket].tsc[step] = rdtsc();
	ap_crumbs[ticket].last = step;
	trampoline_count_step(step);
}

static void fault_point(uint32_t apic, unsigned step)
{
	for (unsigned i = 0; i < params->fault.n_ap; i++) {
		const struct ap_fault *f = &params->fault.ap[i];

		if (f->step != step || !apic_set_has(&f->at, apic))
			continue;
		if (f->kind == AP_FAULT_EXCEPTION)
			exception_inject_ud2();
		cpu_halt_forever(); /* stop:<step>: stay here for good, as asked */
	}
}

/*
 * The safety net of a sleeping AP: the BSP's IPI is what wakes it, this
 * timer only makes sure it looks at its patience now and then. 2^25 ticks
 * is 34 ms with QEMU's 1 GHz APIC clock and ~0.3 s with a 100 MHz bus.
 */
#define AP_WAKE_TIMER_TICKS (1u << 25)

/*
 * Where an AP waits once the BSP is done with it, or it with the BSP: a hlt
 * loop of the image's own, interrupts off, on its own stack, where an SMI
 * finds it awake (unlike wait-for-SIPI). The next kick's INIT takes it from
 * here; the BSP reads the flag to leave it parked (between=park,
 * docs/flows.md "Between bringups").
 */
static void __attribute__((noreturn)) rest(struct cpu *c)
{
	__atomic_store_n(&c->resting, 1, __ATOMIC_RELEASE);
	cpu_halt_forever();
}

static void give_up(struct cpu *c, enum phase ph)
{
	c->ap_gave_up = ph + 1;
	apic_timer_stop();
	rest(c);
}

/* Waits for the BSP; an AP whose BSP has gone away parks rather than spins. */
static void wait_bsp(struct cpu *c, volatile uint32_t *flag, enum phase ph)
{
	struct wait_bound b = wait_cycles(ap_patience);

	if (params->ap_wait_hlt && !__atomic_load_n(flag, __ATOMIC_ACQUIRE)) {
		apic_timer_periodic(AP_WAKE_VECTOR, AP_WAKE_TIMER_TICKS);
		if (!wait_flag_idle(flag, b, cpu_wait_for_interrupt))
			give_up(c, ph);
		apic_timer_stop();
		return;
	}
	if (!wait_flag(flag, b, NULL))
		give_up(c, ph);
}

static int ap_irq(uint64_t vector)
{
	if (vector != AP_WAKE_VECTOR && vector != AP_PARK_TIMER_VECTOR)
		return 0;
	if (params->park_on)
		park_irq(vector);
	apic_eoi();
	return 1;
}

/* The default type, the fixed ranges and the variable ranges in use (smp/audit.c says more). */
static int mtrrs_equal(const struct cpu_state *a, const struct cpu_state *b)
{
	struct cpu_digest da, db;

	cpu_digest_of(a, &da);
	cpu_digest_of(b, &db);
	return !cpu_digest_mtrrs_differ(&da, &db);
}

/* Once a boot per CPU, as Linux's mcheck_cpu_init at callin: later rungs find it done. */
static uint8_t mca_done[SMP_MAX_CPUS];

static void callin_work(struct cpu *c)
{
	struct cpu_state mine;
	struct topology topo;

	apic_quiet_enable();
	if (!mca_done[c - cpus]) {
		(void)mce_setup_here();
		mca_done[c - cpus] = 1;
	}
	cpu_state_read(&mine);
	c->ucode = mine.ucode_rev;
	c->ucode_known = (uint8_t)mine.ucode_known;
	c->mtrr_same = (uint8_t)mtrrs_equal(&mine, &bsp);
	c->cr0_cd = (uint8_t)mine.cr0_cd;
	c->cpuid_apic = cpu_apic_id();
	{
		struct tsc_features tf;

		tsc_features_read(&tf);
		c->tsc_adjust = tf.adjust;
		c->tsc_adjust_known = (uint8_t)tf.adjust_known;
	}
	topology_detect_here(&topo);
	c->own_place = topology_place(&topo, c->cpuid_apic);
}

void ap_main(uint32_t slot, uint32_t ticket)
{
	struct cpu *c = &cpus[slot];

	crumb(ticket, STEP_C_ENTRY);
	/* Its own GDT, TSS and #MC stack, at the top of its stack (boot/ap_layout.h). */
	idt_setup_ap(ap_stack_base + ((uint64_t)slot + 1) * AP_STACK_SIZE - AP_CPU_AREA);
	fault_point(c->apic, STEP_C_ENTRY);
	c->ticket = (int32_t)ticket;
	/*
	 * An AP still in xAPIC in an x2APIC run (fault=apic-mode, the T340's
	 * firmware) would #GP at its first APIC access: stop here, named.
	 */
	if (params->x2apic && !lapic_x2apic_here()) {
		c->mode_wrong = 1;
		if (!params->identify)
			rest(c);
	}
	/*
	 * probe's identify pass: the trampoline has read every ID this CPU
	 * answers to; it goes no further and waits for the BSP's INIT.
	 */
	if (params->identify) {
		c->ap_alive = rdtsc();
		__atomic_store_n(&c->alive, 1, __ATOMIC_RELEASE);
		rest(c);
	}
	/* A sleeping AP needs its APIC on to be woken; otherwise that is callin's job. */
	if (params->ap_wait_hlt)
		apic_quiet_enable();
	/* kick-before-prepare: the AP is here before the BSP prepared its slot. */
	wait_bsp(c, &c->prepared, PH_ALIVE);

	c->ap_alive = rdtsc();
	crumb(ticket, STEP_ALIVE);
	fault_point(c->apic, STEP_ALIVE);
	__atomic_store_n(&c->alive, 1, __ATOMIC_RELEASE);

	wait_bsp(c, &c->callout, PH_CALLIN);
	callin_work(c);
	c->ap_callin = rdtsc();
	crumb(ticket, STEP_CALLIN);
	fault_point(c->apic, STEP_CALLIN);
	__atomic_store_n(&c->callin, 1, __ATOMIC_RELEASE);

	wait_bsp(c, &c->tsc_go, PH_TSC);
	tsc_sync_target(c, params, ap_patience);
	c->ap_tsc = rdtsc();
	crumb(ticket, STEP_TSC);
	fault_point(c->apic, STEP_TSC);

	c->ap_online = rdtsc();
	crumb(ticket, STEP_ONLINE);
	fault_point(c->apic, STEP_ONLINE);
	__atomic_store_n(&c->online, 1, __ATOMIC_RELEASE);
	/* Out of every window the BSP times for this AP: what it runs with (smp/audit.c). */
	audit_ap(c, params);
	/* The TSC tests after bringup: tsc_pairs=, tsc_sync=together, tsc_trials=. */
	tsc_jobs_serve(c, params, ap_patience);
	/* case=park: its box, until a wake; the BSP may keep it parked through a few of them. */
	if (params->park_on)
		park_ap(c, params, ap_patience * 4);
	/* Idle with interrupts off: only INIT, NMI or SMI wakes it, and the next kick sends INIT.
	 */
	rest(c);
}

static void ap_exception(const struct exc_frame *f, uint32_t apic)
{
	int slot = cpus_slot_of(apic);

	/*
	 * The exception path names a CPU by its CPUID ID; a CPU whose ID register
	 * says otherwise (fault=apicid, or firmware that renumbered it) is in the
	 * table under the register's ID (docs/hardware.md, APIC IDs and modes).
	 */
	if (slot < 0) {
		struct apic_truth t;

		lapic_truth_here(&t);
		if (t.reg_known)
			slot = cpus_slot_of(t.reg);
	}
	if (slot < 0)
		return;
	cpus[slot].exc_vector = (uint32_t)f->vector;
	cpus[slot].exc_rip = f->rip;
	cpus[slot].exc_error = f->error;
	cpus[slot].exc_cr2 = read_cr2();
	cpus[slot].exc_step = cpus_crumbs(&cpus[slot]) ? cpus_crumbs(&cpus[slot])->last : 0;
	__atomic_store_n(&cpus[slot].excepted, 1, __ATOMIC_RELEASE);
}

/* The phase an AP is in after a step: the one whose end it is on its way to. */
static uint32_t phase_after(uint32_t step)
{
	return step < STEP_ALIVE    ? PH_ALIVE
	       : step < STEP_CALLIN ? PH_CALLIN
	       : step < STEP_TSC    ? PH_TSC
	       : step < STEP_ONLINE ? PH_ONLINE
				    : PH_COUNT;
}

/* boot/mce.c's hook: where the AP was, and the CPU table told. */
static void ap_mce_where(uint32_t apic, struct mce_rec *r)
{
	int slot = cpus_slot_of(apic);
	const struct ap_crumbs *cr;

	if (slot < 0)
		return;
	cr = cpus_crumbs(&cpus[slot]);
	r->step = cr ? cr->last : STEP_NONE;
	r->phase = phase_after(r->step);
	cpus[slot].mce = 1;
	if (r->stopped)
		__atomic_store_n(&cpus[slot].mce_stopped, 1, __ATOMIC_RELEASE);
}

void ap_setup(const struct smp_params *p, const struct cpu_state *bsp_state)
{
	params = p;
	memcpy(&bsp, bsp_state, sizeof(bsp));
	/*
	 * In the serial flows an AP may wait while the BSP deals with every CPU
	 * before it, each within timeout_ms: so an AP gives up only after that
	 * many timeouts have passed, and one more.
	 */
	ap_patience = p->timeout_cycles * (ncpus + 1);
	exception_set_ap_handler(ap_exception);
	mce_set_where(ap_mce_where);
	exception_set_irq_handler(ap_irq);
}
