/* SPDX-License-Identifier: MIT */
#include "ring.h"

#include "../lib/lock.h"
#include "lastlog.h"

/*
 * head and tail count bytes ever written and drained. A writer fills the
 * bytes, then moves head with a release store; only the drain moves tail.
 * So the drain needs no lock: it sees whole lines only.
 *
 * The drain hands the text out a line at a time and says how far it got in
 * line: an exception or NMI handler may drain in the middle of a drain on
 * the same CPU (only the BSP drains), and the interrupted one never goes on
 * in this image (the handler exits). A nested drain that finds a line
 * LINE_WRITING ends the cut line with a newline and writes that line again
 * whole; one it finds LINE_WRITTEN it only commits. Each commit is a
 * compare-and-swap from the tail the drain read, so an interrupted drain
 * that did go on could never move the tail back (docs/hardware.md, "The
 * log's drain and NMIs").
 */
enum line_state { LINE_IDLE, LINE_WRITING, LINE_WRITTEN };

struct text_ring {
	volatile uint64_t head, tail, lost;
	volatile uint64_t line_end; /* the end of the line being handed out */
	volatile int line;	    /* enum line_state */
	uint32_t size;
	char *buf;
};

static struct spinlock lock;
static char boot_buf[RING_BOOT_SIZE], around_buf[RING_AROUND_SIZE];
static struct text_ring ring = { .size = RING_BOOT_SIZE, .buf = boot_buf };
/*
 * One writer at a time, with no lock: only the BSP writes the log, and its
 * exception path does not nest (boot/exception.c).
 */
static struct text_ring around = { .size = RING_AROUND_SIZE, .buf = around_buf };

static volatile int no_wait, went_around;
static volatile uint64_t around_bytes;
static volatile uint32_t timeouts;

static void text_put(struct text_ring *r, const char *s, size_t n)
{
	uint64_t head = r->head;

	if (head - __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE) + n > r->size) {
		__atomic_fetch_add(&r->lost, n, __ATOMIC_RELAXED);
		return;
	}
	for (size_t i = 0; i < n; i++)
		r->buf[(head + i) % r->size] = s[i];
	__atomic_store_n(&r->head, head + n, __ATOMIC_RELEASE);
}

/* Where the line that begins at tail ends: past its newline, or at head (a line cut short). */
static uint64_t line_end(const struct text_ring *r, uint64_t tail, uint64_t head)
{
	for (uint64_t p = tail; p < head; p++)
		if (r->buf[p % r->size] == '\n')
			return p + 1;
	return head;
}

/* [from, to) to out: up to the end of the buffer in one piece, the wrap in a second. */
static void hand_out(const struct text_ring *r, uint64_t from, uint64_t to,
		     void (*out)(const char *s, size_t n))
{
	while (from < to) {
		size_t n = (size_t)(to - from);

		if (from % r->size + n > r->size)
			n = r->size - from % r->size;
		out(&r->buf[from % r->size], n);
		from += n;
	}
}

/* Moves tail on to to, only from where this drain read it: never back. */
static void commit(struct text_ring *r, uint64_t from, uint64_t to)
{
	__atomic_compare_exchange_n(&r->tail, &from, to, 0, __ATOMIC_RELEASE, __ATOMIC_RELAXED);
}

static size_t text_drain(struct text_ring *r, void (*out)(const char *s, size_t n))
{
	size_t total = 0;

	for (;;) {
		uint64_t tail = __atomic_load_n(&r->tail, __ATOMIC_RELAXED), head, end;

		/* A drain this one interrupted wrote its line whole: it only has to be committed.
		 */
		if (r->line == LINE_WRITTEN) {
			commit(r, tail, r->line_end);
			r->line = LINE_IDLE;
			continue;
		}
		head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
		if (head == tail)
			return total;
		r->line = LINE_WRITING;
		/* A drain that came in before the mark has taken this line already. */
		if (__atomic_load_n(&r->tail, __ATOMIC_RELAXED) != tail) {
			r->line = LINE_IDLE;
			continue;
		}
		end = line_end(r, tail, head);
		r->line_end = end;
		hand_out(r, tail, end, out);
		r->line = LINE_WRITTEN;
		commit(r, tail, end);
		r->line = LINE_IDLE;
		total += (size_t)(end - tail);
	}
}

static int take_lock(void)
{
	if (went_around)
		return 0;
	if (no_wait)
		return spin_lock_looks(&lock, RING_NO_WAIT_LOOKS) == 0;
	if (spin_lock(&lock) == 0)
		return 1;
	timeouts++;
	return 0;
}

void ring_put(const char *s, size_t n)
{
	if (!take_lock()) {
		went_around = 1;
		text_put(&around, s, n);
		around_bytes += n;
		return;
	}
	lastlog_put(s, n);
	text_put(&ring, s, n);
	spin_unlock(&lock);
}

size_t ring_drain(void (*out)(const char *s, size_t n))
{
	size_t n;

	/* Only an interrupted drain leaves a line being written: it is cut, and comes again whole.
	 */
	if (ring.line == LINE_WRITING || around.line == LINE_WRITING)
		out("\n", 1);
	n = text_drain(&ring, out);
	return n + text_drain(&around, out);
}

uint64_t ring_take_lost(void)
{
	return __atomic_exchange_n(&ring.lost, 0, __ATOMIC_RELAXED) +
	       __atomic_exchange_n(&around.lost, 0, __ATOMIC_RELAXED);
}

void ring_take_around(struct ring_around *a)
{
	a->bytes = __atomic_exchange_n(&around_bytes, 0, __ATOMIC_RELAXED);
	a->timeouts = __atomic_exchange_n(&timeouts, 0, __ATOMIC_RELAXED);
}

void ring_no_wait(void)
{
	no_wait = 1;
}

int ring_call_locked(void (*fn)(void))
{
	if (spin_lock(&lock))
		return -1;
	fn();
	spin_unlock(&lock);
	return 0;
}

/* Called once, by the BSP, before any AP runs: nothing drains meanwhile. */
void ring_move(char *buf, size_t size)
{
	int locked = spin_lock(&lock) == 0;
	uint64_t unread = ring.head - ring.tail;

	for (uint64_t i = 0; i < unread; i++)
		buf[i] = ring.buf[(ring.tail + i) % ring.size];
	ring.buf = buf;
	ring.size = (uint32_t)size;
	ring.tail = 0;
	ring.head = unread;
	if (locked)
		spin_unlock(&lock);
}
