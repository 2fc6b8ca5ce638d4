/* SPDX-License-Identifier: MIT */
/*
 * A test-and-set spinlock; the holder never waits on anything that needs the
 * lock. Every wait for it is bounded (lib/wait.h): a holder that keeps it past
 * the bound is a bug (or a holder that died: an NMI, an INIT), so the waiter
 * gets -1 and goes on without it, and says so. Code that may have interrupted
 * the holder on its own CPU (an exception or NMI handler) must not spin at
 * all: it takes spin_lock_looks() with a few looks, or the lock-free way
 * around (console/ring.c).
 */
#ifndef SMPSCOPE_LIB_LOCK_H
#define SMPSCOPE_LIB_LOCK_H

#include <stdint.h>

#include "wait.h"

struct spinlock {
	volatile int held;
};

/*
 * How long spin_lock() waits, in TSC cycles: 2^34 is 4-17 s from 1 to 4 GHz,
 * so it needs no calibrated frequency. No holder in the image keeps a lock
 * for more than microseconds; a host that deschedules a vCPU for seconds is
 * still far below it.
 */
#define SPIN_LOCK_BOUND_CYCLES (1ull << 34)

/* One attempt: 1 with l held, 0 without. The plain load first spares the line a write. */
static inline int spin_trylock(struct spinlock *l)
{
	return !__atomic_load_n(&l->held, __ATOMIC_RELAXED) &&
	       !__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE);
}

static inline int spin_try_pred(const void *ctx)
{
	return spin_trylock((struct spinlock *)(uintptr_t)ctx);
}

/* 0 with l held; -1 when b passed first (l is not held then). */
static inline int spin_lock_within(struct spinlock *l, struct wait_bound b)
{
	return wait_until(spin_try_pred, l, b, NULL) ? 0 : -1;
}

/* 0 with l held; -1 when it stayed taken for SPIN_LOCK_BOUND_CYCLES. */
static inline __attribute__((warn_unused_result)) int spin_lock(struct spinlock *l)
{
	if (spin_trylock(l))
		return 0;
	return spin_lock_within(l, wait_cycles(SPIN_LOCK_BOUND_CYCLES));
}

/* At most looks attempts, a pause apart, reading no clock: 0 with l held, else -1. */
static inline int spin_lock_looks(struct spinlock *l, unsigned long looks)
{
	return wait_looks(spin_try_pred, l, looks) ? 0 : -1;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}

#endif
