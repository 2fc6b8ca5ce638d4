/* SPDX-License-Identifier: MIT */
#include "ring.h"

#include "../lib/lock.h"
#include "persist.h"

static struct {
	struct spinlock lock;
	uint64_t head; /* bytes ever written */
	uint64_t tail; /* bytes ever drained */
	uint64_t lost;
	char buf[RING_SIZE];
} ring;

void ring_put(const char *s, size_t n)
{
	spin_lock(&ring.lock);
	persist_put(s, n);
	if (ring.head - ring.tail + n > RING_SIZE) {
		ring.lost += n;
	} else {
		for (size_t i = 0; i < n; i++)
			ring.buf[(ring.head + i) % RING_SIZE] = s[i];
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

		spin_lock(&ring.lock);
		head = ring.head;
		tail = ring.tail;
		spin_unlock(&ring.lock);
		if (head == tail)
			return total;
		/* Up to the end of the buffer in one piece; the wrap comes on the next pass. */
		n = (size_t)(head - tail);
		if (tail % RING_SIZE + n > RING_SIZE)
			n = RING_SIZE - tail % RING_SIZE;
		out(&ring.buf[tail % RING_SIZE], n);
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
