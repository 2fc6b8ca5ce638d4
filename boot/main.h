/* SPDX-License-Identifier: MIT */
/*
 * Where the boot code ends: kmain (called from boot/entry.asm) hands the
 * loader's information to the run, which the layer above boot/ defines
 * (cases/runner.c). Declared here so that boot/ includes nothing from there.
 */
#ifndef SMPSCOPE_BOOT_MAIN_H
#define SMPSCOPE_BOOT_MAIN_H

#include <stdint.h>

struct bootinfo;

void kmain(uint32_t magic, uint32_t info);
/* The run itself: knobs, consoles, the case, the exit code. */
void __attribute__((noreturn)) runner_main(const struct bootinfo *bi);

#endif
