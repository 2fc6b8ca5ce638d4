/* SPDX-License-Identifier: MIT */
/*
 * The one thing the hardware headers need beyond plain numbers: a 64-bit
 * constant in C (so ~ and << keep the upper half) that is still a plain
 * number for NASM, which reads these headers through cpp (see the Makefile).
 */
#ifndef SMPSCOPE_HW_CONST_H
#define SMPSCOPE_HW_CONST_H

#ifdef __ASSEMBLER__
#define HW_U64(x) x
#else
#define HW_U64(x) x##ull
#endif

#endif
