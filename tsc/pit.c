/* SPDX-License-Identifier: MIT */
#include "pit.h"

#include "../boot/cpu.h"
#include "../lib/wait.h"

#define PORT_PIT_CH2  0x42
#define PORT_PIT_MODE 0x43
#define PORT_SPEAKER  0x61
#define SPK_GATE2     0x01
#define SPK_DATA      0x02
#define SPK_OUT2      0x20
/* Channel 2, low byte then high byte, mode 0 (interrupt on terminal count), binary. */
#define PIT_CH2_MODE0 0xb0

/*
 * Bound on polls of port 0x61 while waiting for the count to end. One read
 * takes about 1 µs on real hardware, so a 50 ms count needs ~50000; a
 * hundred times that allows for slow emulated ports. Past it the PIT is
 * taken as absent rather than waited on.
 */
#define PIT_POLL_LIMIT 5000000u

static int count_ended(const void *ctx)
{
	(void)ctx;
	return inb(PORT_SPEAKER) & SPK_OUT2;
}

uint64_t pit_measure_tsc(unsigned ms)
{
	uint32_t count = (uint32_t)((uint64_t)PIT_HZ * ms / 1000);
	uint8_t saved = inb(PORT_SPEAKER);
	uint64_t t0, t1;
	int ended;

	if (count > 0xffff)
		count = 0xffff;
	/* Gate on, speaker off. */
	outb(PORT_SPEAKER, (uint8_t)((saved & ~SPK_DATA) | SPK_GATE2));
	outb(PORT_PIT_MODE, PIT_CH2_MODE0);
	outb(PORT_PIT_CH2, (uint8_t)count);
	outb(PORT_PIT_CH2, (uint8_t)(count >> 8));
	t0 = rdtsc_ordered();
	ended = wait_looks(count_ended, NULL, PIT_POLL_LIMIT);
	t1 = rdtsc_ordered();
	outb(PORT_SPEAKER, saved);
	return ended ? t1 - t0 : 0;
}
