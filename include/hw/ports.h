/* SPDX-License-Identifier: MIT */
/* Legacy I/O ports of the consoles (docs/hardware.md). */
#ifndef SMPSCOPE_HW_PORTS_H
#define SMPSCOPE_HW_PORTS_H

#define PORT_COM1      0x3f8 /* the PC's four legacy serial ports */
#define PORT_COM2      0x2f8
#define PORT_COM3      0x3e8
#define PORT_COM4      0x2e8
#define PORT_POST_CODE 0x80 /* read by a POST card (postcode=on) */
#define PORT_DEBUGCON  0xe9 /* QEMU's and Bochs's debug console */
/*
 * The chipset's APM control port: a write raises a software SMI on the CPU
 * that wrote it (ICH9) or the first CPU (PIIX4). 0x02/0x03 on ICH9 and
 * 0xf0/0xf1 on PIIX4 switch ACPI on and off and raise none; fault=smi writes
 * a command no firmware of the emulators acts on (docs/hardware.md, "SMIs").
 */
#define PORT_APM_CONTROL 0xb2
#define APM_TEST_COMMAND 0x55

/* The colour VGA's CRT controller: an index, then the register's data. */
#define PORT_VGA_CRTC_INDEX   0x3d4
#define PORT_VGA_CRTC_DATA    0x3d5
#define VGA_CRTC_CURSOR_START 0x0a
#define VGA_CURSOR_OFF	      0x20 /* Cursor Start bit 5: no text cursor */

#endif
