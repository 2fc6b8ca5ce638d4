/* SPDX-License-Identifier: MIT */
#include "park.h"

#include "../apic/regs.h"
#include "../apic/timer.h"
#include "../arch/cpu.h"
#include "../lib/string.h"
#include "../lib/wait.h"
#include "../tsc/delay.h"
#include "kick.h"

#define PARK_MAGIC    0x6b726170u /* "park" */
#define PARK_CMD_STAY 1		  /* answer, and park again */

/*
 * The parked AP's safety net: it looks at its patience when this timer
 * ticks, 2^25 ticks of the timer clock divided by 128: 4.3 s with QEMU's
 * 1 GHz APIC clock, longer on hardware. Longer than timeout_ms's default,
 * so a tick does not pass for a wake within one wait.
 */
#define PARK_TIMER_TICKS (1u << 25)
/*
 * How long the BSP lets an AP that said it parks get into its hlt or mwait
 * before it wakes it: the few instructions from the flag to the sleep.
 */
#define PARK_SETTLE_US 100

/* AP -> BSP, outside the box. */
struct park_rec {
	volatile uint32_t sleeping; /* 1 from the AP's last look at its box until it wakes */
	volatile uint32_t answers;  /* wakes it acted on (or refused): the BSP's reply flag */
	volatile uint32_t wake_irqs, timer_irqs; /* counted by park_irq() */
	volatile uint64_t t_irq;		 /* its TSC at the last wake IPI */
	volatile uint64_t t_woke;		 /* its TSC when it saw its last wake */
	volatile uint32_t by;			 /* enum park_by */
	volatile uint32_t action;		 /* enum park_action */
};

/* The line an AP watches: what a kexec'd kernel may reuse. */
struct park_box {
	uint32_t magic;
	uint32_t seq; /* wake=store: the BSP bumps it */
	uint32_t cmd;
	uint8_t rest[PARK_LINE - 12];
} __attribute__((aligned(PARK_LINE)));

/*
 * Pages of their own, which the BSP never reads after park_arm(): the only
 * access it makes to an AP's line is the wake or the overwrite itself, so
 * no emulator's shortcut for a page read before can skip the monitor. It
 * keeps its own copy of each seq.
 */
static volatile uint8_t park_area[SMP_MAX_CPUS * PARK_LINE_MAX] __attribute__((aligned(4096)));
static unsigned park_stride = PARK_LINE;

/* CPUID leaf 5's largest monitor line, kept within PARK_LINE..PARK_LINE_MAX. */
static unsigned monitor_line(void)
{
	unsigned n = cpuid_max_leaf() >= CPUID_LEAF_MONITOR
			     ? cpuid(CPUID_LEAF_MONITOR, 0).ebx & 0xffff
			     : 0;
	unsigned s = PARK_LINE;

	while (s < n && s < PARK_LINE_MAX)
		s *= 2;
	return s;
}

static volatile struct park_box *box(unsigned slot)
{
	return (volatile struct park_box *)(park_area + (uintptr_t)slot * park_stride);
}
static uint32_t park_seq[SMP_MAX_CPUS];
static struct park_rec park_recs[SMP_MAX_CPUS];

int park_mwait_present(void)
{
	return (cpuid(1, 0).ecx & CPUID_1_ECX_MONITOR) != 0;
}

void park_arm(void)
{
	park_stride = monitor_line();
	for (unsigned i = 0; i < SMP_MAX_CPUS; i++) {
		box(i)->magic = PARK_MAGIC;
		box(i)->seq = 0;
		park_seq[i] = 0;
		box(i)->cmd = PARK_CMD_STAY;
	}
	memset(park_recs, 0, sizeof(park_recs));
}

static int box_is(const volatile struct park_box *b, uint32_t seq)
{
	return b->magic == PARK_MAGIC && b->seq == seq && b->cmd == PARK_CMD_STAY;
}

/* The AP is done with parking: it says why and waits for INIT with interrupts off. */
static void __attribute__((noreturn))
leave(struct park_rec *r, enum park_action a, enum park_by by, uint64_t t)
{
	apic_timer_stop();
	r->t_woke = t;
	r->by = by;
	r->action = a;
	r->sleeping = 0;
	__atomic_add_fetch(&r->answers, 1, __ATOMIC_RELEASE);
	cpu_halt_forever();
}

/* What a parked AP watches while it sleeps: its box as it left it, and its interrupt counts. */
struct park_look {
	enum park_mode park;
	const volatile struct park_box *b;
	const struct park_rec *r;
	uint32_t seq, irqs, ticks;
};

_Static_assert(PARK_BY_NONE == WAIT_PASSED, "a wait that passed its bound was woken by none");

/* What woke it, for wait_cause(): a wake IPI, or its box changed (by a store, seen at a tick). */
static int woken_by(const void *ctx)
{
	const struct park_look *l = ctx;

	if (l->r->wake_irqs != l->irqs)
		return PARK_BY_IPI;
	if (!box_is(l->b, l->seq))
		return l->r->timer_irqs != l->ticks ? PARK_BY_TIMER : PARK_BY_STORE;
	return PARK_BY_NONE;
}

/* park=hlt and park=mwait between looks; park=pause is the wait's own pause. */
static void sleep_once(const void *ctx)
{
	const struct park_look *l = ctx;

	if (l->park == PARK_HLT) {
		cpu_wait_for_interrupt();
		return;
	}
	cpu_monitor(l->b);
	/* A store between the look and the MONITOR would not end the MWAIT: look again. */
	if (box_is(l->b, l->seq) && l->r->wake_irqs == l->irqs)
		cpu_mwait_for_interrupt();
}

void park_ap(struct cpu *c, const struct smp_params *p, uint64_t patience)
{
	unsigned slot = (unsigned)(c - cpus);
	volatile struct park_box *b = box(slot);
	struct park_rec *r = &park_recs[slot];

	if (p->park != PARK_PAUSE)
		apic_timer_periodic_slow(AP_PARK_TIMER_VECTOR, PARK_TIMER_TICKS);
	for (;;) {
		struct wait_bound bound = wait_cycles(patience);
		struct park_look l = { p->park, b, r, b->seq, r->wake_irqs, r->timer_irqs };
		enum park_by by;
		uint64_t t;

		if (!box_is(b, l.seq))
			leave(r, b->magic != PARK_MAGIC ? PARK_ACT_BAD_MAGIC : PARK_ACT_BAD_COMMAND,
			      PARK_BY_NONE, rdtsc());
		__atomic_store_n(&r->sleeping, 1, __ATOMIC_RELEASE);
		/* park=pause: interrupts on around the whole spin (arch/cpu.h, cpu_irq_enable). */
		if (p->park == PARK_PAUSE)
			cpu_irq_enable();
		by = (enum park_by)wait_cause(woken_by, p->park == PARK_PAUSE ? NULL : sleep_once,
					      &l, bound, &t);
		if (by == PARK_BY_NONE)
			leave(r, PARK_ACT_GAVE_UP, PARK_BY_NONE, rdtsc());
		if (by == PARK_BY_IPI)
			t = r->t_irq;
		cpu_irq_disable();
		/* Whatever woke it, the box says what to do; one it does not know, it never
		 * follows. */
		if (b->magic != PARK_MAGIC)
			leave(r, PARK_ACT_BAD_MAGIC, by, t);
		if (b->cmd != PARK_CMD_STAY)
			leave(r, PARK_ACT_BAD_COMMAND, by, t);
		r->sleeping = 0;
		r->t_woke = t;
		r->by = by;
		r->action = PARK_ACT_ANSWERED;
		__atomic_add_fetch(&r->answers, 1, __ATOMIC_RELEASE);
	}
}

void park_irq(uint64_t vector)
{
	/* The TSC first: the lookup after it is the handler's cost, not the wake's. */
	uint64_t t = rdtsc();
	int slot = cpus_slot_of(apic_read_id());

	if (slot < 0)
		return;
	if (vector == AP_WAKE_VECTOR) {
		park_recs[slot].t_irq = t;
		__atomic_add_fetch(&park_recs[slot].wake_irqs, 1, __ATOMIC_RELEASE);
	} else {
		park_recs[slot].timer_irqs++;
	}
}

struct answer_wait {
	const struct park_rec *r;
	uint32_t was;
};

static int answered(const void *ctx)
{
	const struct answer_wait *w = ctx;

	return __atomic_load_n(&w->r->answers, __ATOMIC_ACQUIRE) != w->was;
}

static struct park_rec *rec_of(const struct cpu *c)
{
	return &park_recs[c - cpus];
}

/* Parked and, after the settle, asleep; 0 when it never said it parked. */
static int asleep(const struct cpu *c, uint64_t timeout_cycles)
{
	if (!wait_flag(&rec_of(c)->sleeping, wait_cycles(timeout_cycles), NULL))
		return 0;
	tsc_udelay(PARK_SETTLE_US);
	return 1;
}

int park_wake(struct cpu *c, const struct smp_params *p, struct park_time *t)
{
	volatile struct park_box *b = box((unsigned)(c - cpus));
	struct answer_wait w = { rec_of(c), 0 };
	uint64_t t0, seen = 0;

	memset(t, 0, sizeof(*t));
	if (!asleep(c, p->timeout_cycles))
		return -1;
	w.was = __atomic_load_n(&w.r->answers, __ATOMIC_ACQUIRE);
	t0 = rdtsc_ordered();
	if (p->wake == WAKE_STORE)
		__atomic_store_n(&b->seq, ++park_seq[c - cpus], __ATOMIC_RELEASE);
	else
		apic_send_fixed(c->apic, AP_WAKE_VECTOR);
	t->parked = 1;
	if (!wait_until(answered, &w, wait_cycles(p->timeout_cycles), &seen))
		return -1;
	t->ok = 1;
	t->one_way = (int64_t)(w.r->t_woke - t0);
	t->rtt = seen - t0;
	t->by = w.r->by;
	t->action = w.r->action;
	return w.r->action == PARK_ACT_ANSWERED ? 0 : -1;
}

int park_initsipi(struct cpu *c, const struct smp_params *p, struct park_time *t)
{
	struct smp_params again = *p;
	struct park_rec *r = rec_of(c);

	memset(t, 0, sizeof(*t));
	if (!asleep(c, p->timeout_cycles))
		return -1;
	/* The kick as the flow's, without the CMOS vector (restored) or a fault. */
	again.warm_reset = WR_OFF;
	memset(&again.fault, 0, sizeof(again.fault));
	t->parked = 1;
	kick_init(c, &again);
	/* In wait-for-SIPI now: its park loop and its first bringup's flags are gone. */
	r->sleeping = 0;
	c->alive = c->callin = c->online = 0;
	c->tsc_synced = 0;
	c->nipi = 0;
	kick_one(c, &again);
	if (!wait_flag(&c->alive, wait_cycles(p->timeout_cycles), &c->seen_alive))
		return -1;
	t->ok = 1;
	t->one_way = (int64_t)(c->ap_alive - c->kick_start);
	t->rtt = c->seen_alive - c->kick_start;
	t->by = PARK_BY_NONE;
	t->action = PARK_ACT_NONE;
	if (!wait_flag(&c->online, wait_cycles(p->timeout_cycles), &c->seen_online))
		return -1;
	return asleep(c, p->timeout_cycles) ? 0 : -1;
}

struct clobber_wait {
	struct cpu **list;
	const uint32_t *was;
	unsigned n;
};

static int all_answered(const void *ctx)
{
	const struct clobber_wait *w = ctx;

	for (unsigned i = 0; i < w->n; i++)
		if (w->list[i] &&
		    __atomic_load_n(&rec_of(w->list[i])->answers, __ATOMIC_ACQUIRE) == w->was[i])
			return 0;
	return 1;
}

void park_clobber(struct cpu **list, unsigned n, uint64_t timeout_cycles, struct park_time *out)
{
	static uint32_t was[SMP_MAX_CPUS];
	static uint64_t t0[SMP_MAX_CPUS];
	static struct cpu *parked[SMP_MAX_CPUS];
	struct clobber_wait w = { parked, was, n };

	for (unsigned i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		parked[i] = wait_flag(&rec_of(list[i])->sleeping, wait_cycles(timeout_cycles), NULL)
				    ? list[i]
				    : NULL;
	}
	tsc_udelay(PARK_SETTLE_US);
	for (unsigned i = 0; i < n; i++) {
		volatile uint8_t *line;

		if (!parked[i])
			continue;
		was[i] = __atomic_load_n(&rec_of(list[i])->answers, __ATOMIC_ACQUIRE);
		line = (volatile uint8_t *)box((unsigned)(list[i] - cpus));
		t0[i] = rdtsc_ordered();
		/* As a new kernel reusing the page would: the whole line, magic first. */
		for (unsigned k = 0; k < park_stride; k++)
			line[k] = PARK_CLOBBER_BYTE;
	}
	(void)wait_until(all_answered, &w, wait_cycles(timeout_cycles), NULL);
	for (unsigned i = 0; i < n; i++) {
		const struct park_rec *r = rec_of(list[i]);

		out[i].parked = parked[i] != NULL;
		if (!parked[i] || __atomic_load_n(&r->answers, __ATOMIC_ACQUIRE) == was[i]) {
			out[i].by = PARK_BY_NONE;
			out[i].action = PARK_ACT_NONE;
			continue;
		}
		out[i].ok = 1;
		out[i].one_way = (int64_t)(r->t_woke - t0[i]);
		out[i].by = r->by;
		out[i].action = r->action;
	}
}
