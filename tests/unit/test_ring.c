/* SPDX-License-Identifier: MIT */
/*
 * The event ring (console/ring.c) and the bounded lock under it (lib/lock.h),
 * on a fake clock: lines come out whole and in order across the wrap; a
 * writer in an exception handler that finds the lock held (an NMI that
 * interrupted the holder) goes around it at once, and the drain, which
 * takes no lock, still brings out everything; a plain writer gives up on a
 * stuck lock only after SPIN_LOCK_BOUND_CYCLES, and the count says so.
 * A drain nested in a drain (an NMI's report while the BSP drains) writes
 * every whole line once and never moves the tail back, whether the
 * interrupted drain never goes on (the image's handler exits: a longjmp
 * here) or does.
 */
#include <setjmp.h>

#include "../../console/ring.c"
#include "unit.h"

static char lastlog_text[4096];
static size_t lastlog_len;

void lastlog_put(const char *s, size_t n)
{
	if (lastlog_len + n < sizeof(lastlog_text)) {
		memcpy(lastlog_text + lastlog_len, s, n);
		lastlog_len += n;
	}
}

static char out_buf[RING_SIZE + 4096];
static size_t out_len;
static unsigned out_pieces;

static void out(const char *s, size_t n)
{
	memcpy(out_buf + out_len, s, n);
	out_len += n;
	out_buf[out_len] = '\0';
	out_pieces++;
}

static uint64_t fake_tsc, fake_step = 1ull << 20;

static uint64_t fake_clock(void)
{
	fake_tsc += fake_step;
	return fake_tsc;
}

static void reset(void)
{
	memset(&ring, 0, offsetof(struct text_ring, size));
	memset(&around, 0, offsetof(struct text_ring, size));
	lock.held = 0;
	no_wait = went_around = 0;
	around_bytes = 0;
	timeouts = 0;
	lastlog_len = out_len = out_pieces = 0;
	out_buf[0] = '\0';
}

static void put(const char *s)
{
	ring_put(s, strlen(s));
}

/* What fault=bsp-nmi does in the image: an exception handler logs with the lock held. */
static void nmi_while_held(void)
{
	unit_check(lock.held, "callback_runs_with_lock_held", "held=%d", lock.held);
	ring_no_wait();
	put("# ev=exception vector=2\n");
}

/* How the consoles saw one nested drain: the text, and the tail at each piece handed out. */
static jmp_buf handler_exits;
static int nmi_at_piece, nmi_cut, nmi_returns, pieces_seen, ntails;
static uint64_t tails[64];

static void note_tail(void)
{
	if (ntails < 64)
		tails[ntails++] = ring.tail;
}

/* The NMI's handler: it logs its report and drains, as boot/exception.c does. */
static void nmi_report(void)
{
	ring_no_wait();
	put("# ev=exception vector=2\n");
	ring_drain(out);
}

/* The consoles: the NMI lands inside one piece, after nmi_cut of its bytes. */
static void out_nmi(const char *s, size_t n)
{
	note_tail();
	if (pieces_seen++ != nmi_at_piece) {
		out(s, n);
		return;
	}
	out(s, nmi_cut < 0 ? n : (size_t)nmi_cut);
	nmi_report();
	note_tail();
	if (!nmi_returns)
		longjmp(handler_exits, 1);
	if (nmi_cut >= 0)
		out(s + nmi_cut, n - (size_t)nmi_cut);
}

static unsigned count(const char *hay, const char *needle)
{
	unsigned k = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		k++;
	return k;
}

/* The first time the tail moved back, as "from -> to", or NULL. */
static const char *tail_went_back(void)
{
	static char why[64];

	for (int i = 1; i < ntails; i++)
		if (tails[i] < tails[i - 1]) {
			snprintf(why, sizeof(why), "%llu -> %llu", (unsigned long long)tails[i - 1],
				 (unsigned long long)tails[i]);
			return why;
		}
	return NULL;
}

/* Two lines to drain, an NMI in the first piece after cut bytes (-1: after all of it). */
static void nested_drain(int cut, int returns)
{
	reset();
	put("# one\n");
	put("# two\n");
	nmi_at_piece = 0;
	nmi_cut = cut;
	nmi_returns = returns;
	pieces_seen = ntails = 0;
	if (setjmp(handler_exits) == 0)
		ring_drain(out_nmi);
	ring_drain(out); /* machine_exit()'s drain */
}

static void test_nested(void)
{
	uint64_t t0;

	unit_at("NMI drains in the middle of a line; its handler exits");
	nested_drain(3, 0);
	CHECK_STR(out_buf, "# o\n# one\n# two\n# ev=exception vector=2\n",
		  "cut_line_ended_then_written_whole");
	CHECK_UINT(count(out_buf, "# two\n"), 1, "cut: a line after it once");
	CHECK_UINT(count(out_buf, "# ev=exception"), 1, "cut: the NMI report once");
	CHECK_UINT(ring.tail, ring.head, "cut: everything drained");

	unit_at("NMI drains as the last byte of a line went out; its handler exits");
	nested_drain(-1, 0);
	CHECK_STR(out_buf, "# one\n\n# one\n# two\n# ev=exception vector=2\n",
		  "line_still_being_written_comes_again_once");
	CHECK_UINT(count(out_buf, "# two\n"), 1, "end of line: a later line once");

	/* Where an interrupted drain stops between writing a line and committing it. */
	unit_at("NMI drains after a line was written, before its commit; the drain goes on");
	reset();
	put("# one\n");
	put("# two\n");
	out("# one\n", 6);
	ring.line = LINE_WRITTEN;
	ring.line_end = 6;
	nmi_report();
	t0 = ring.tail;
	commit(&ring, 0, 6); /* the interrupted drain goes on: its commit, from where it read */
	ring.line = LINE_IDLE;
	ring_drain(out);
	CHECK_STR(out_buf, "# one\n# two\n# ev=exception vector=2\n", "written_line_not_again");
	CHECK_UINT(ring.tail, t0, "written: the late commit leaves the tail where it was");
	CHECK_UINT(ring.tail, ring.head, "written: everything drained");

	unit_at("NMI drains in the middle of a line; the drain goes on");
	nested_drain(3, 1);
	CHECK_UINT(count(out_buf, "# two\n"), 1, "mid-line, goes on: a later line once");
	CHECK_UINT(count(out_buf, "# ev=exception"), 1, "mid-line, goes on: the NMI report once");
	unit_check(!tail_went_back(), "mid_line_tail_never_back", "tail %s", tail_went_back());
}

int main(void)
{
	struct ring_around a;
	uint64_t t0;
	int r;

	unit_begin();
	wait_set_clock(fake_clock);

	unit_at("round trip");
	reset();
	put("one\n");
	put("two\n");
	CHECK_UINT(ring_drain(out), 8, "drain_returns_bytes");
	CHECK_STR(out_buf, "one\ntwo\n", "drain_in_order");
	CHECK_UINT(lastlog_len, 8, "lastlog_gets_every_line");
	CHECK_UINT(lock.held, 0, "lock_free_after_put");

	unit_at("wrap");
	reset();
	ring.head = ring.tail = RING_SIZE - 3;
	put("abcdef\n");
	ring_drain(out);
	CHECK_STR(out_buf, "abcdef\n", "wrap_drains_whole");
	CHECK_UINT(out_pieces, 2, "wrap_in_two_pieces");

	unit_at("full");
	reset();
	ring.head = RING_SIZE - 2;
	put("xyz\n");
	CHECK_UINT(ring_take_lost(), 4, "full_ring_counts_lost");
	CHECK_UINT(ring_take_lost(), 0, "lost_reset_after_take");

	unit_at("exception with the lock held");
	reset();
	put("before\n");
	lock.held = 1; /* the interrupted writer */
	ring_no_wait();
	t0 = fake_tsc;
	put("# ev=exception vector=2\n");
	CHECK_UINT(fake_tsc, t0, "no_clock_read_no_wait");
	lock.held = 0;
	put("# after\n");
	ring_drain(out);
	CHECK_STR(out_buf, "before\n# ev=exception vector=2\n# after\n",
		  "around_text_drained_in_order");
	CHECK_UINT(lastlog_len, 7, "around_text_not_in_lastlog");
	ring_take_around(&a);
	CHECK_UINT(a.bytes, 32, "around_bytes_counted");
	CHECK_UINT(a.timeouts, 0, "no_wait_is_no_timeout");

	unit_at("exception with the lock free");
	reset();
	ring_no_wait();
	put("exc\n");
	ring_take_around(&a);
	CHECK_UINT(a.bytes, 0, "free_lock_taken_in_exception");
	CHECK_UINT(lastlog_len, 4, "exception_line_in_lastlog");

	unit_at("stuck lock");
	reset();
	lock.held = 1; /* a holder that stopped */
	t0 = fake_tsc;
	put("late\n");
	unit_check(fake_tsc - t0 > SPIN_LOCK_BOUND_CYCLES &&
			   fake_tsc - t0 <= SPIN_LOCK_BOUND_CYCLES + 3 * fake_step,
		   "gives_up_after_bound", "waited %llu cycles",
		   (unsigned long long)(fake_tsc - t0));
	t0 = fake_tsc;
	put("later\n");
	CHECK_UINT(fake_tsc, t0, "stuck_lock_not_waited_on_twice");
	ring_drain(out);
	CHECK_STR(out_buf, "late\nlater\n", "stuck_lock_text_drained");
	ring_take_around(&a);
	CHECK_UINT(a.timeouts, 1, "timeout_counted");
	CHECK_UINT(a.bytes, 11, "stuck_bytes_counted");

	unit_at("call locked");
	reset();
	put("first\n");
	r = ring_call_locked(nmi_while_held);
	CHECK_INT(r, 0, "call_locked_returns");
	CHECK_UINT(lock.held, 0, "call_locked_unlocks");
	ring_drain(out);
	CHECK_STR(out_buf, "first\n# ev=exception vector=2\n", "nmi_line_comes_out");

	test_nested();

	unit_at("lock primitives");
	{
		struct spinlock l = { 0 };

		CHECK_INT(spin_trylock(&l), 1, "trylock_free");
		CHECK_INT(spin_trylock(&l), 0, "trylock_held");
		t0 = fake_tsc;
		CHECK_INT(spin_lock_looks(&l, 5), -1, "looks_give_up_held");
		CHECK_UINT(fake_tsc, t0, "looks_read_no_clock");
		spin_unlock(&l);
		CHECK_INT(spin_lock_looks(&l, 5), 0, "looks_take_free");
		spin_unlock(&l);
		CHECK_INT(spin_lock(&l), 0, "lock_free");
		spin_unlock(&l);
	}
	return unit_done();
}
