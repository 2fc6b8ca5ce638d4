/* SPDX-License-Identifier: MIT */
/*
 * What each event of the log means to the report: one row an event
 * (include/events.h names them, docs/log-format.md gives their fields) and
 * a small function that reads its fields into the boot's record. An event
 * with no row is known and passed over. Giving an event a meaning is a row
 * here and its function.
 */
#include <stdio.h>
#include <string.h>

#include "meanings.h"

/* ev=cpu: a CPU of the machine, as the image numbered it. */
static void read_cpu(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	(void)b;
	cpu->present = 1;
	cpu->apic = (uint32_t)rpt_num(c, "apic");
	cpu->pkg = (uint32_t)rpt_num(c, "pkg");
	cpu->core = (uint32_t)rpt_num(c, "core");
	cpu->smt = (uint32_t)rpt_num(c, "smt");
	cpu->enabled = (int)rpt_num(c, "enabled");
	cpu->bsp = (int)rpt_num(c, "bsp");
}

/* ev=ap: an AP's end state and the cycles of each phase. */
static void read_ap(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	char word[24];

	(void)b;
	cpu->has_ap = 1;
	rpt_get(c, "state", cpu->state, sizeof(cpu->state));
	for (int p = 0; p < PH_COUNT; p++)
		cpu->phase[p] = rpt_num(c, phase_names[p]);
	cpu->total = rpt_num(c, "total");
	cpu->us = rpt_num(c, "us");
	/* "unknown" (or no key, an older log): the BSP counted none (docs/hardware.md, "SMIs"). */
	cpu->smi = rpt_get(c, "smi", word, sizeof(word)) && word[0] >= '0' && word[0] <= '9'
			   ? (int64_t)rpt_num(c, "smi")
			   : -1;
}

/* ev=ap-times: "<phase>=<start>-<end>" or "<phase>=-" for each phase. */
static void read_ap_times(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	char v[48];

	(void)b;
	cpu->has_times = 1;
	for (int i = 0; i < PH_COUNT; i++) {
		unsigned long long a, e;
		char tail;

		if (!rpt_get(c, phase_names[i], v, sizeof(v)) || !strcmp(v, "-"))
			continue;
		if (sscanf(v, "%llu-%llu%c", &a, &e, &tail) != 2 || e < a) {
			rpt_problem(c, "%s=%s is not <start>-<end>", phase_names[i], v);
			continue;
		}
		cpu->phase_seen[i] = 1;
		cpu->times[i][0] = a;
		cpu->times[i][1] = e;
	}
}

/* ev=exception: the CPU that took it, the step it was at and the exception's name. */
static void read_exception(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	(void)b;
	cpu->excepted = 1;
	rpt_get(c, "step", cpu->exc_step, sizeof(cpu->exc_step));
	rpt_get(c, "name", cpu->exc_name, sizeof(cpu->exc_name));
}

/* ev=ap-steps: the last breadcrumb an AP left. */
static void read_ap_steps(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	(void)b;
	rpt_get(c, "last", cpu->last_step, sizeof(cpu->last_step));
}

/* ev=timeout: an AP missed a phase; late=1 says it came after all, which is no timeout. */
static void read_timeout(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	char v[64];

	(void)b;
	if (rpt_get(c, "late", v, sizeof(v)))
		return;
	cpu->timed_out = 1;
	rpt_get(c, "phase", cpu->timeout_phase, sizeof(cpu->timeout_phase));
	rpt_get(c, "step", cpu->timeout_step, sizeof(cpu->timeout_step));
}

/* ev=bringup: the run's flow, CPUs online of enabled, and its time. */
static void read_bringup(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	struct rpt_run *run = &b->run;
	char v[64];

	(void)cpu;
	run->have_bringup = 1;
	rpt_get(c, "flow", run->flow, sizeof(run->flow));
	if (rpt_get(c, "cpus", v, sizeof(v)) &&
	    sscanf(v, "%d/%d", &run->online, &run->enabled) != 2)
		rpt_problem(c, "cpus=%s is not <online>/<enabled>", v);
	run->cycles = rpt_num(c, "cycles");
	run->us = rpt_num(c, "us");
	run->drain_cycles = rpt_num(c, "drain_cycles");
}

/* ev=knobs: every knob the run was given, kept whole for bisect, and its case. */
static void read_knobs(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	struct rpt_run *run = &b->run;

	(void)cpu;
	snprintf(run->knobs, sizeof(run->knobs), "%s", c->rest + strspn(c->rest, " "));
	rpt_get(c, "case", run->case_name, sizeof(run->case_name));
	if (!b->boot_case[0])
		snprintf(b->boot_case, sizeof(b->boot_case), "%s", run->case_name);
}

/* ev=rung: the line that started this record (parse.c): case=all's next rung. */
static void read_rung(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	struct rpt_run *run = &b->run;
	char v[64];

	(void)cpu;
	b->rung = (int)rpt_num(c, "n");
	b->rungs = (int)rpt_num(c, "of");
	rpt_get(c, "case", run->case_name, sizeof(run->case_name));
	run->skipped = rpt_get(c, "skipped", v, sizeof(v)) && !strcmp(v, "1");
}

/* ev=tsc: the TSC frequency; the first one logged is the run's. */
static void read_tsc(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	(void)cpu;
	if (!b->run.tsc_hz)
		b->run.tsc_hz = rpt_num(c, "hz");
}

/* ev=tsc-trial: one trial of a TSC test after bringup (docs/tsc.md); caught= pairs warped. */
static void read_tsc_trial(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	(void)cpu;
	b->run.tsc_trials++;
	b->run.tsc_trials_caught += rpt_num(c, "caught") > 0;
}

/* ev=tsc-warp: this CPU read behind another's value; the largest is kept, with whose. */
static void read_tsc_warp(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	uint64_t cycles = rpt_num(c, "cycles");

	(void)b;
	if (cycles <= cpu->tsc_warp)
		return;
	cpu->tsc_warp = cycles;
	cpu->tsc_warp_behind = (int)rpt_num(c, "behind");
}

/* ev=tsc-absent: a CPU left out of tsc_sync=together's window, and why. */
static void read_tsc_absent(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	(void)b;
	rpt_get(c, "why", cpu->tsc_absent, sizeof(cpu->tsc_absent));
}

/* ev=exit: the boot's verdict, and the line that ends it. */
static void read_exit(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	struct rpt_machine *m = &b->machine;

	(void)cpu;
	rpt_get(c, "result", b->exit_result, sizeof(b->exit_result));
	b->exit_line = c->line;
	/* An image older than ev=boot's bios_vendor= said it here only. */
	if (!m->bios_vendor[0])
		rpt_get(c, "bios_vendor", m->bios_vendor, sizeof(m->bios_vendor));
}

/* ev=boot: the loader, and the machine's CPUID identity and BIOS vendor (newer images). */
static void read_boot(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu)
{
	struct rpt_machine *m = &b->machine;
	char v[16];

	(void)cpu;
	m->have_boot = 1;
	m->efi = (int)rpt_num(c, "efi");
	rpt_get(c, "loader", m->loader, sizeof(m->loader));
	rpt_get(c, "brand", m->brand, sizeof(m->brand));
	rpt_get(c, "cpu_vendor", m->cpu_vendor, sizeof(m->cpu_vendor));
	rpt_get(c, "bios_vendor", m->bios_vendor, sizeof(m->bios_vendor));
	m->have_cpuid = rpt_get(c, "family", v, sizeof(v)) != NULL;
	m->family = (uint32_t)rpt_num(c, "family");
	m->model = (uint32_t)rpt_num(c, "model");
	m->stepping = (uint32_t)rpt_num(c, "stepping");
}

/* Which CPU a row's function is given: none, the one cpu= names, or that one if cpu= is there. */
enum cpu_arg { NO_CPU, THE_CPU, CPU_IF_NAMED };

struct meaning {
	void (*read)(struct rpt_line *c, struct rpt_boot *b, struct rpt_cpu *cpu);
	enum cpu_arg cpu;
};

static const struct meaning meanings[EV_COUNT] = {
	[EV_CPU] = { read_cpu, THE_CPU },
	[EV_AP] = { read_ap, THE_CPU },
	[EV_AP_TIMES] = { read_ap_times, THE_CPU },
	/* cpu=0 is the BSP's own exception (it ends the case); the others are APs'. */
	[EV_EXCEPTION] = { read_exception, CPU_IF_NAMED },
	[EV_AP_STEPS] = { read_ap_steps, THE_CPU },
	[EV_TIMEOUT] = { read_timeout, THE_CPU },
	[EV_BRINGUP] = { read_bringup, NO_CPU },
	[EV_KNOBS] = { read_knobs, NO_CPU },
	[EV_RUNG] = { read_rung, NO_CPU },
	[EV_TSC] = { read_tsc, NO_CPU },
	[EV_EXIT] = { read_exit, NO_CPU },
	[EV_BOOT] = { read_boot, NO_CPU },
	[EV_TSC_TRIAL] = { read_tsc_trial, NO_CPU },
	[EV_TSC_WARP] = { read_tsc_warp, THE_CPU },
	[EV_TSC_ABSENT] = { read_tsc_absent, THE_CPU },
};

void rpt_on_event(struct rpt_line *c, struct rpt_boot *b, const char *name)
{
	const struct meaning *m;
	struct rpt_cpu *cpu = NULL;
	char v[64];
	int ev = 0;

	while (ev < EV_COUNT && strcmp(name, ev_names[ev]))
		ev++;
	if (ev == EV_COUNT) {
		/* Perhaps a newer image's event: say so, read on. */
		rpt_problem(c, "unknown event '%s'", name);
		return;
	}
	m = &meanings[ev];
	if (!m->read)
		return;
	if (m->cpu == CPU_IF_NAMED && !rpt_get(c, "cpu", v, sizeof(v)))
		return;
	if (m->cpu != NO_CPU && !(cpu = rpt_cpu_at(c, &b->run)))
		return;
	m->read(c, b, cpu);
}
