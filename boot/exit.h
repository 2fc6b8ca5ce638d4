/* SPDX-License-Identifier: MIT */
/* Leaving the machine: a result code for QEMU and Bochs, then halt. */
#ifndef SMPSCOPE_BOOT_EXIT_H
#define SMPSCOPE_BOOT_EXIT_H

/* Logs ev=exit, drains and flushes every console, then exits. */
void __attribute__((noreturn)) machine_exit(int pass);
/* The ports only, for when the log itself cannot be trusted. */
void __attribute__((noreturn)) machine_exit_now(int pass);

#endif
