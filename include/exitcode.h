/* SPDX-License-Identifier: MIT */
/*
 * Values the image writes to port 0xF4. QEMU's isa-debug-exit turns a
 * write of v into the exit status (v << 1) | 1, so the host sees 33 for a
 * pass and 35 for a failure; any other status means the image did not
 * reach its exit (a triple fault, a timeout, a crash of the emulator).
 */
#ifndef SMPSCOPE_EXITCODE_H
#define SMPSCOPE_EXITCODE_H

#define SMPSCOPE_EXIT_PASS	0x10
#define SMPSCOPE_EXIT_FAIL	0x11
#define SMPSCOPE_QEMU_STATUS(v) (((v) << 1) | 1)

#endif
