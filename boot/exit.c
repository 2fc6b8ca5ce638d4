/* SPDX-License-Identifier: MIT */
#include "exit.h"

#include "../console/console.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../include/exitcode.h"
#include "cmos.h"
#include "../arch/cpu.h"
#include "emulator_probe.h"
#include "reset.h"

enum { NOT_PROBED, PROBING, PROBED };

static struct {
	int state;
	int on_exit;
	struct emulator_signals sig;
	struct emulator_verdict verdict;
} ex = { NOT_PROBED, ON_EXIT_AUTO, { 0 }, { EMULATOR_NONE, "probe-fault" } };

/*
 * Once. A fault while probing lands here again with the state PROBING: the
 * verdict is still no emulator (reason=probe-fault), and a halt is safe anywhere.
 */
static void probe(void)
{
	if (ex.state != NOT_PROBED)
		return;
	ex.state = PROBING;
	emulator_probe(&ex.sig);
	ex.verdict = emulator_decide(&ex.sig);
	ex.state = PROBED;
}

void machine_exit_setup(int on_exit)
{
	ex.on_exit = on_exit;
	probe();
}

int machine_emulator(void)
{
	probe();
	return ex.verdict.emulator;
}

static enum exit_how how(void)
{
	return exit_how_for(ex.on_exit, ex.verdict.emulator);
}

static void __attribute__((noreturn)) leave(int pass)
{
	const char *s = "Shutdown";

	warm_reset_disarm();
	switch (how()) {
	case EXIT_HOW_PORT:
		/* Only the port of the emulator found: on anything else it may be a device's. */
		if (ex.verdict.emulator == EMULATOR_QEMU)
			outb(PORT_QEMU_DEBUG_EXIT, pass ? SMPSCOPE_EXIT_PASS : SMPSCOPE_EXIT_FAIL);
		else if (ex.verdict.emulator == EMULATOR_BOCHS)
			while (*s)
				outb(PORT_BOCHS_SHUTDOWN, (uint8_t)*s++);
		break;
	case EXIT_HOW_REBOOT:
		machine_reset();
		break;
	case EXIT_HOW_HALT:
		break;
	}
	/* Halted, or an emulator run without its exit device: this is where it stays. */
	cpu_halt_forever();
}

void machine_exit_now(int pass)
{
	probe();
	leave(pass);
}

void machine_exit(int pass)
{
	char hv[24], fw_cfg[24], vendor[EMULATOR_VENDOR_LEN + 16], plan[64] = "";

	probe();
	fmt_quote(hv, sizeof(hv), ex.sig.hypervisor ? ex.sig.hv_signature : "none");
	fmt_quote(fw_cfg, sizeof(fw_cfg),
		  ex.sig.fw_cfg_probed ? ex.sig.fw_cfg_signature : "skipped");
	fmt_quote(vendor, sizeof(vendor), ex.sig.bios_vendor[0] ? ex.sig.bios_vendor : "none");
	/* A reboot names the order it will try (boot/reset.c), in case a step of it hangs. */
	if (how() == EXIT_HOW_REBOOT) {
		size_t o = fmt_buf(plan, sizeof(plan), " reset=");

		reset_plan(plan + o, sizeof(plan) - o);
	}
	ev(EV_EXIT,
	   "result=%s code=%#x how=%s emulator=%s reason=%s hypervisor=%s fw_cfg=%s "
	   "bios_vendor=%s%s",
	   pass ? "pass" : "fail", pass ? SMPSCOPE_EXIT_PASS : SMPSCOPE_EXIT_FAIL,
	   exit_how_names[how()], emulator_names[ex.verdict.emulator],
	   ex.on_exit != ON_EXIT_AUTO ? "on_exit" : ex.verdict.reason, hv, fw_cfg, vendor, plan);
	/* The verdict reaches every console, and each UART has sent its last bit, first. */
	log_drain();
	con_flush();
	leave(pass);
}
