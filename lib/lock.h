/* SPDX-License-Identifier: MIT */
/* A test-and-set spinlock; the holder never waits on anything that needs the lock. */
#ifndef SMPSCOPE_LIB_LOCK_H
#define SMPSCOPE_LIB_LOCK_H

struct spinlock {
	volatile int held;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->held, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}

#endif
