/* SPDX-License-Identifier: MIT */
#include "exit.h"

#include "../console/console.h"
#include "../console/log.h"
#include "../include/exitcode.h"
#include "cmos.h"
#include "cpu.h"

/* QEMU's isa-debug-exit device, where the runners put it. */
#define QEMU_EXIT_PORT 0xf4
/* Bochs ends the simulation when "Shutdown" is written here byte by byte. */
#define BOCHS_SHUTDOWN_PORT 0x8900

void machine_exit_now(int pass)
{
	const char *s = "Shutdown";

	warm_reset_disarm();
	outb(QEMU_EXIT_PORT, pass ? SMPSCOPE_EXIT_PASS : SMPSCOPE_EXIT_FAIL);
	while (*s)
		outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s++);
	/* On a real machine (or any other emulator) this is where it stays. */
	cpu_halt_forever();
}

void machine_exit(int pass)
{
	ev(EV_EXIT, "result=%s code=%#x", pass ? "pass" : "fail",
	   pass ? SMPSCOPE_EXIT_PASS : SMPSCOPE_EXIT_FAIL);
	log_drain();
	con_flush();
	machine_exit_now(pass);
}
