/* SPDX-License-Identifier: MIT */
#include "audit.h"

#include <stdarg.h>

#include "../arch/memtype.h"
#include "../arch/pagefit.h"
#include "../arch/paging.h"
#include "../boot/exit.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../include/hw/cr.h"
#include "../lib/fmt.h"
#include "../lib/string.h"
#include "../lib/wait.h"
#include "report_row.h"

enum check { A_CACHES, A_MCE, A_PAT, A_MTRRS, A_MEMTYPES, A_COUNT };

static const char *const check_names[A_COUNT] = {
	"caches_enabled", "mce_enabled", "pat_same", "mtrrs_same", "memtypes_consistent",
};

/* What the bringup's rounds found so far; written as checks by audit_report. */
static struct {
	unsigned bad[A_COUNT];
	char first[A_COUNT][160];
	unsigned cpus, rounds, qemu_mtrrs, pages;
	uint64_t pat;
} t;

void audit_ap(struct cpu *c, const struct smp_params *p)
{
	struct cpu_state s;

	for (unsigned k = 0; k < FAULT_BREAKS; k++) {
		if (!(p->fault.breaks & 1u << k) || !apic_set_has(&p->fault.break_at[k], c->apic))
			continue;
		if (k == FAULT_BREAK_MEMTYPE)
			paging_break_memtype();
		else
			cpu_state_break((enum cpu_break)k);
	}
	cpu_state_read(&s);
	cpu_digest_of(&s, &c->audit);
	__atomic_store_n(&c->audited, 1, __ATOMIC_RELEASE);
}

static void __attribute__((format(printf, 4, 5)))
found(enum check k, unsigned slot, const struct cpu *c, const char *fmt, ...)
{
	char what[96];
	va_list ap;

	va_start(ap, fmt);
	fmt_vbuf(what, sizeof(what), fmt, ap);
	va_end(ap);
	ev(EV_AUDIT, "cpu=%u apic=%#x check=%s what=\"%s\"", slot, c->apic, check_names[k], what);
	if (!t.bad[k]++)
		fmt_buf(t.first[k], sizeof(t.first[k]), "CPU%u (apic %#x): %s", slot, c->apic,
			what);
}

/* Which of the MTRRs differ first: the default type, a fixed range, the variable ranges. */
static void mtrr_found(unsigned slot, const struct cpu *c, const struct cpu_digest *b,
		       const struct cpu_digest *a)
{
	if (a->mtrr_def != b->mtrr_def) {
		found(A_MTRRS, slot, c, "MTRRdefType %#llx, the BSP's %#llx",
		      (unsigned long long)a->mtrr_def, (unsigned long long)b->mtrr_def);
		return;
	}
	for (unsigned i = 0; a->fixed_ok && b->fixed_ok && i < MTRR_FIXED_MSRS; i++) {
		if (a->fixed[i] == b->fixed[i])
			continue;
		found(A_MTRRS, slot, c, "fixed MTRR %#x is %#llx, the BSP's %#llx",
		      mtrr_fixed_msrs[i], (unsigned long long)a->fixed[i],
		      (unsigned long long)b->fixed[i]);
		return;
	}
	found(A_MTRRS, slot, c, "%u variable ranges in use, the BSP %u (or their values differ)",
	      a->nvalid, b->nvalid);
}

/* One CPU's record against the BSP's: its own state, then what must be the same. */
static void compare(unsigned slot, const struct cpu *c, const struct cpu_digest *a,
		    const struct cpu_digest *b, int qemu)
{
	if (a->cr0 & (CR0_CD | CR0_NW))
		found(A_CACHES, slot, c, "CR0 %#llx: CD or NW set", (unsigned long long)a->cr0);
	if (a->mce && !(a->cr4 & CR4_MCE))
		found(A_MCE, slot, c, "CR4 %#llx: MCE clear", (unsigned long long)a->cr4);
	if (slot == 0)
		return;
	if (a->pat_ok != b->pat_ok || (a->pat_ok && a->pat != b->pat))
		found(A_PAT, slot, c, "PAT %#llx, the BSP's %#llx", (unsigned long long)a->pat,
		      (unsigned long long)b->pat);
	if (!cpu_digest_mtrrs_differ(a, b))
		return;
	/*
	 * QEMU's x86_cpu_reset zeroes the MTRRs and its INIT does not put them back; a real
	 * CPU keeps them across INIT (SDM vol. 3, table 10-1). Under QEMU an AP with every
	 * MTRR zero is that, and nothing else.
	 */
	if (qemu && cpu_digest_mtrrs_zero(a) && !cpu_digest_mtrrs_zero(b))
		t.qemu_mtrrs++;
	else
		mtrr_found(slot, c, b, a);
}

struct walk {
	const struct cpu_state *bsp;
	const struct mmap_entry *map;
	unsigned n, conflicts;
	char first[120];
};

static void judge_page(uint64_t start, uint64_t size, unsigned type, void *ctx)
{
	struct walk *w = ctx;
	enum memtype_conflict k = memtype_judge(w->bsp, w->map, w->n, start, size, type);

	if (k == MEMTYPE_OK)
		return;
	if (!w->conflicts++)
		fmt_buf(w->first, sizeof(w->first), "%#llx+%#llx %s %s", (unsigned long long)start,
			(unsigned long long)size, memtype_name(type),
			k == MEMTYPE_SPANS ? "over several MTRR types"
					   : "over what the memory map calls no memory");
}

static int audited(const void *ctx)
{
	(void)ctx;
	for (unsigned i = 1; i < ncpus; i++)
		if (cpus[i].enabled && cpus[i].online && !cpus[i].audited)
			return 0;
	return 1;
}

void audit_collect(const struct smp_params *p, unsigned round)
{
	struct cpu_state s;
	struct cpu_digest bsp;
	struct walk w = { &s, NULL, 0, 0, "" };
	int qemu = machine_emulator() == EMULATOR_QEMU;
	unsigned before = t.qemu_mtrrs, cpus_here = 1;

	(void)wait_until(audited, NULL, wait_cycles(p->timeout_cycles), NULL);
	cpu_state_read(&s);
	cpu_digest_of(&s, &bsp);
	t.pat = bsp.pat;
	compare(0, &cpus[0], &bsp, &bsp, qemu);
	for (unsigned i = 1; i < ncpus; i++) {
		if (!cpus[i].enabled || !cpus[i].audited)
			continue;
		compare(i, &cpus[i], &cpus[i].audit, &bsp, qemu);
		cpus[i].audited = 0;
		cpus_here++;
	}
	w.map = paging_memmap(&w.n);
	if (w.n) {
		paging_walk(bsp.pat_ok ? bsp.pat : PAT_POWER_ON, judge_page, &w);
		if (w.conflicts && !t.bad[A_MEMTYPES])
			fmt_buf(t.first[A_MEMTYPES], sizeof(t.first[A_MEMTYPES]), "%s", w.first);
		t.bad[A_MEMTYPES] += w.conflicts;
		t.pages = 1;
	}
	t.cpus = cpus_here > t.cpus ? cpus_here : t.cpus;
	t.rounds++;
	ev(EV_AUDIT,
	   "round=%u cpus=%u cr0=%#llx cr4=%#llx pat=%#llx mtrr_def=%#llx mtrr_var=%u "
	   "mcg_cap=%#llx mcg_status=%#llx memtype_conflicts=%u qemu_mtrr_reset=%u",
	   round, cpus_here, (unsigned long long)bsp.cr0, (unsigned long long)bsp.cr4,
	   (unsigned long long)bsp.pat, (unsigned long long)bsp.mtrr_def, bsp.nvalid,
	   (unsigned long long)bsp.mcg_cap, (unsigned long long)bsp.mcg_status, w.conflicts,
	   t.qemu_mtrrs - before);
}

/* The bringup's audit, its last round collected here: five checks, and QEMU's note. */
unsigned audit_report(const struct report_ctx *x)
{
	const char *const ok_msg[A_COUNT] = {
		"%u CPUs run with CR0.CD and NW clear",
		"%u CPUs run with CR4.MCE set where CPUID has it",
		"%u CPUs have the PAT %#llx",
		"%u CPUs have the BSP's MTRRs (default type, fixed ranges, ranges in use)",
		"%u CPUs share the image's page tables; no page conflicts with the MTRRs or the "
		"map",
	};
	unsigned failed = 0;

	audit_collect(x->p, t.rounds + 1);
	if (t.qemu_mtrrs)
		ev(EV_AUDIT_NOTE,
		   "emulator=qemu what=mtrrs aps=%u cause=\"QEMU's x86_cpu_reset zeroes the MTRRs "
		   "at "
		   "INIT and nothing restores them; a real CPU keeps them across INIT\"",
		   t.qemu_mtrrs);
	for (unsigned k = 0; k < A_COUNT; k++) {
		if (k == A_MEMTYPES && !t.pages) {
			ktap_skip(check_names[k], "no memory map to judge the pages by");
			continue;
		}
		if (t.bad[k])
			ktap_check(0, check_names[k], "%u found in %u round%s; first: %s", t.bad[k],
				   t.rounds, t.rounds == 1 ? "" : "s", t.first[k]);
		else
			ktap_check(1, check_names[k], ok_msg[k], t.cpus, (unsigned long long)t.pat);
		failed += t.bad[k] != 0;
	}
	memset(&t, 0, sizeof(t));
	return failed;
}
