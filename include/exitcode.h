/* SPDX-License-Identifier: MIT */
/*
 * How the image leaves the machine (docs/hardware.md, "Exit"). The values
 * it writes to port 0xF4: QEMU's isa-debug-exit turns a write of v into
 * the exit status (v << 1) | 1, so the host sees 33 for a pass and 35 for
 * a failure; any other status means the image did not reach its exit (a
 * triple fault, a timeout, a crash of the emulator). Then the names of
 * `# ev=exit`'s emulator= and how= (docs/log-format.md, docs/names.md).
 */
#ifndef SMPSCOPE_EXITCODE_H
#define SMPSCOPE_EXITCODE_H

#include "namelist.h"

#define SMPSCOPE_EXIT_PASS	0x10
#define SMPSCOPE_EXIT_FAIL	0x11
#define SMPSCOPE_QEMU_STATUS(v) (((v) << 1) | 1)

/* emulator=: the emulator the image found, whose exit port it may write. */
#define SMPSCOPE_EMULATORS(X)                                                                      \
	X(EMULATOR_NONE, "none")                                                                   \
	X(EMULATOR_QEMU, "qemu")                                                                   \
	X(EMULATOR_BOCHS, "bochs")

/* how=: what the image did after the verdict. */
#define SMPSCOPE_EXIT_HOWS(X)                                                                      \
	X(EXIT_HOW_PORT, "port")                                                                   \
	X(EXIT_HOW_HALT, "halt")                                                                   \
	X(EXIT_HOW_REBOOT, "reboot")

SMPSCOPE_NAME_LIST(SMPSCOPE_EMULATORS, emulator, emulator_names, EMULATOR_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_EXIT_HOWS, exit_how, exit_how_names, EXIT_HOW_COUNT);

#endif
