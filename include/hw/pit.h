/* SPDX-License-Identifier: MIT */
/* The 8254 PIT's channel 2 and the speaker port that gates it (docs/hardware.md, docs/tsc.md). */
#ifndef SMPSCOPE_HW_PIT_H
#define SMPSCOPE_HW_PIT_H

/* The PIT's input clock, the same on every PC: 14.31818 MHz / 12. */
#define PIT_HZ 1193182u

#define PORT_PIT_CH2  0x42
#define PORT_PIT_MODE 0x43
/* Port 0x61: bit 0 gates channel 2, bit 1 drives the speaker from it, bit 5 reads its output. */
#define PORT_SPEAKER 0x61
#define SPK_GATE2    0x01
#define SPK_DATA     0x02
#define SPK_OUT2     0x20
/* Channel 2, low byte then high byte, mode 0 (interrupt on terminal count), binary. */
#define PIT_CH2_MODE0 0xb0
/* Counter-latch command for channel 2: its count is then read low byte, high byte. */
#define PIT_CH2_LATCH 0x80

#endif
