/* SPDX-License-Identifier: MIT */
/* Legacy I/O ports the boot code uses before the consoles are set up. */
#ifndef SMPSCOPE_HW_PORTS_H
#define SMPSCOPE_HW_PORTS_H

#define PORT_COM1     0x3f8
#define PORT_DEBUGCON 0xe9 /* QEMU's and Bochs's debug console */

#endif
