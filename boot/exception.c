/* SPDX-License-Identifier: MIT */
#include "exception.h"

#include "../console/console.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../arch/cpu.h"
#include "exit.h"
#include "mce.h"

extern const char rdmsr_safe_insn[], rdmsr_safe_fixup[];
extern const char wrmsr_safe_insn[], wrmsr_safe_fixup[];

static const char *bsp_step = "boot";
static volatile int depth;
static uint32_t bsp_apic;
static ap_exception_fn ap_handler;
static irq_fn irq_handler;
static exception_fatal_fn fatal_hook;

#define SPURIOUS_VECTOR 0xff

void exception_set_irq_handler(irq_fn fn)
{
	irq_handler = fn;
}

void exception_set_fatal_hook(exception_fatal_fn fn)
{
	fatal_hook = fn;
}

void exception_set_bsp(uint32_t apic)
{
	bsp_apic = apic;
}

void exception_set_ap_handler(ap_exception_fn fn)
{
	ap_handler = fn;
}

static const char *const names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO", "#TS",
	"#NP", "#SS", "#GP", "#PF", "-",   "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

const char *exception_name(uint64_t vector)
{
	return vector < 32 && names[vector] ? names[vector] : "irq";
}

void exception_set_step(const char *step)
{
	bsp_step = step;
}

void exception_inject_ud2(void)
{
	__asm__ volatile("ud2");
}

/* The MSR probes in isr.asm expect a #GP; they carry on at their fixup label. */
static int fixup(struct exc_frame *f)
{
	if (f->vector != 13)
		return 0;
	if (f->rip == (uint64_t)(uintptr_t)rdmsr_safe_insn) {
		f->rip = (uint64_t)(uintptr_t)rdmsr_safe_fixup;
		return 1;
	}
	if (f->rip == (uint64_t)(uintptr_t)wrmsr_safe_insn) {
		f->rip = (uint64_t)(uintptr_t)wrmsr_safe_fixup;
		return 1;
	}
	return 0;
}

/* A fault inside the report itself: say the least that can be said, with no lock or ring. */
static void __attribute__((noreturn)) nested(struct exc_frame *f)
{
	char buf[128];
	size_t n = fmt_buf(buf, sizeof(buf), "\n# ev=exception nested=1 vector=%llu rip=%#llx\n",
			   (unsigned long long)f->vector, (unsigned long long)f->rip);

	con_write(buf, n);
	machine_exit_now(0);
}

void exception_entry(struct exc_frame *f)
{
	const char *name = exception_name(f->vector);
	uint32_t apic = cpu_apic_id();
	char why[160];

	if (fixup(f))
		return;
	/* A spurious interrupt needs no EOI; an expected one is the handler's. */
	if (f->vector == SPURIOUS_VECTOR ||
	    (f->vector >= 32 && irq_handler && irq_handler(f->vector)))
		return;
	/* A machine check: recorded; the CPU goes on when MCG_STATUS says it may. */
	if (f->vector == 18 && mce_handle(f->rip, apic, apic == bsp_apic ? bsp_step : NULL))
		return;
	/* An AP the machine check stopped is no exception: smp/ diagnoses it from the record. */
	if (f->vector == 18 && apic != bsp_apic)
		cpu_halt_forever();
	if (apic != bsp_apic) {
		/* An AP: it stops here and the BSP's run goes on without it. */
		if (ap_handler)
			ap_handler(f, apic);
		cpu_halt_forever();
	}
	if (depth++)
		nested(f);
	/* This may have interrupted the log's writer (an NMI): never wait for its lock now. */
	log_from_exception();
	con_ensure();
	if (f->vector == 18) {
		/* Its banks first: the line that says what failed (boot/mce.c). */
		(void)mce_log_new(NULL);
		log_drain();
		fmt_buf(why, sizeof(why), "machine check at rip %#llx, during %s",
			(unsigned long long)f->rip, bsp_step);
		if (fatal_hook)
			fatal_hook("machine_check", why);
		machine_exit(0);
	}
	ev(EV_EXCEPTION,
	   "cpu=0 apic=%#x vector=%llu name=%s error=%#llx rip=%#llx cr2=%#llx rsp=%#llx "
	   "step=\"%s\"",
	   apic, (unsigned long long)f->vector, name, (unsigned long long)f->error,
	   (unsigned long long)f->rip, (unsigned long long)read_cr2(), (unsigned long long)f->rsp,
	   bsp_step);
	log_line("# rax=%016llx rbx=%016llx rcx=%016llx rdx=%016llx", (unsigned long long)f->rax,
		 (unsigned long long)f->rbx, (unsigned long long)f->rcx,
		 (unsigned long long)f->rdx);
	log_line("# rsi=%016llx rdi=%016llx rbp=%016llx rflags=%08llx", (unsigned long long)f->rsi,
		 (unsigned long long)f->rdi, (unsigned long long)f->rbp,
		 (unsigned long long)f->rflags);
	log_drain();
	fmt_buf(why, sizeof(why), "vector %llu (%s) at rip %#llx, error %#llx, during %s",
		(unsigned long long)f->vector, name, (unsigned long long)f->rip,
		(unsigned long long)f->error, bsp_step);
	if (fatal_hook)
		fatal_hook("exception", why);
	machine_exit(0);
}
