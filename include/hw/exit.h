/* SPDX-License-Identifier: MIT */
/*
 * Ports that end a run (docs/hardware.md, "Exit"): the emulators' exit
 * ports, QEMU's fw_cfg interface that tells QEMU apart from other
 * hypervisors, and the PC's two reset paths.
 */
#ifndef SMPSCOPE_HW_EXIT_H
#define SMPSCOPE_HW_EXIT_H

/* QEMU's isa-debug-exit device, where tools/qemu-run.sh puts it (iobase=0xf4). */
#define PORT_QEMU_DEBUG_EXIT 0xf4
/* Bochs ends the simulation when "Shutdown" is written here byte by byte. */
#define PORT_BOCHS_SHUTDOWN 0x8900

/* QEMU fw_cfg, x86 I/O interface: a 16-bit selector, then the item's bytes from the data port. */
#define PORT_FW_CFG_SELECTOR 0x510
#define PORT_FW_CFG_DATA     0x511
#define FW_CFG_KEY_SIGNATURE 0x0000 /* reads "QEMU" */
#define FW_CFG_SIGNATURE_LEN 4

/* Reset Control Register of Intel ICH/PCH and AMD FCH chipsets (and QEMU's, Bochs's PIIX3). */
#define PORT_RESET_CONTROL 0xcf9
#define RST_CNT_SYS_RST	   0x02 /* bit 1: a hard (platform) reset, not a CPU-only one */
#define RST_CNT_RST_CPU	   0x04 /* bit 2: 0 -> 1 starts the reset SYS_RST chose */
#define RST_CNT_FULL_RST   0x08 /* bit 3: power cycled too (cold); left clear: a warm reset */
#define KBC_RESET_TRIES	   10	/* Linux's BOOT_KBD writes 0xFE this many times */

/* The 8042 keyboard controller: status and command at 0x64; command 0xFE pulses CPU reset. */
#define PORT_KBC_STATUS	    0x64
#define PORT_KBC_COMMAND    0x64
#define KBC_STATUS_IBF	    0x02 /* input buffer full: the controller has not taken the last byte */
#define KBC_CMD_PULSE_RESET 0xfe

#endif
