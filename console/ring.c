/* SPDX-License-Identifier: MIT */
#include "ring.h"

#include "../lib/lock.h"
#include "persist.h"

static char boot_buf[RING_BOOT_SIZE];

static struct {
	struct spinlock lock;
	uint64_t head; /* bytes ever written */
	uint64_t tail; /* bytes ever drained */
	uint64_t lost;
	char *buf;
	size_t size;
} ring = { .buf = boot_buf, .size = RING_BOOT_SIZE };

void ring_put(const char *s, size_t n)
{
	spin_lock(&ring.lock);
	persist_put(s, n);
	if (ring.head - ring.tail + n > ring.size) {
		ring.lost += n;
	} else {
		for (size_t i = 0; i < n; i++)
			ring.buf[(ring.head + i) & (ring.size - 1)] = s[i];
		ring.head += n;
	}
	spin_unlock(&ring.lock);
}

size_t ring_drain(void (*out)(const char *s, size_t n))
{
	size_t total = 0;

	for (;;) {
		uint64_t head, tail;
		size_t n;
		const char *from;

		spin_lock(&ring.lock);
		head = ring.head;
		tail = ring.tail;
		/* Up to the end of the buffer in one piece; the wrap comes on the next pass. */
		n = (size_t)(head - tail);
		if ((tail & (ring.size - 1)) + n > ring.size)
			n = ring.size - (tail & (ring.size - 1));
		from = &ring.buf[tail & (ring.size - 1)];
		spin_unlock(&ring.lock);
		if (head == tail)
			return total;
		out(from, n);
		spin_lock(&ring.lock);
		ring.tail += n;
		spin_unlock(&ring.lock);
		total += n;
	}
}

uint64_t ring_take_lost(void)
{
	uint64_t n;

	spin_lock(&ring.lock);
	n = ring.lost;
	ring.lost = 0;
	spin_unlock(&ring.lock);
	return n;
}

/* Called once, by the BSP, before any AP runs: nothing drains meanwhile. */
void ring_move(char *buf, size_t size)
{
	spin_lock(&ring.lock);
	for (uint64_t i = ring.tail; i < ring.head; i++)
		buf[(i - ring.tail) & (size - 1)] = ring.buf[i & (ring.size - 1)];
	ring.head -= ring.tail;
	ring.tail = 0;
	ring.buf = buf;
	ring.size = size;
	spin_unlock(&ring.lock);
}
