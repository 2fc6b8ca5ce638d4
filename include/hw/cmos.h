/* SPDX-License-Identifier: MIT */
/* The CMOS RAM's ports and the shutdown code of the warm-reset path (docs/hardware.md). */
#ifndef SMPSCOPE_HW_CMOS_H
#define SMPSCOPE_HW_CMOS_H

#define CMOS_INDEX	 0x70
#define CMOS_DATA	 0x71
#define CMOS_NMI_DISABLE 0x80 /* bit 7 of the index port */

#define CMOS_SHUTDOWN_REG  0x0f
#define CMOS_SHUTDOWN_JUMP 0x0a /* "jump through 40:67 without EOI" after the INIT */

#endif
