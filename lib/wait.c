/* SPDX-License-Identifier: MIT */
#include "wait.h"

#include <stddef.h>

/* The compiler's builtins, not arch/cpu.h: lib/ stays free of the layers above it. */
static uint64_t tsc_now(void)
{
	return __builtin_ia32_rdtsc();
}

static wait_clock_fn clock = tsc_now;

uint64_t wait_now(void)
{
	return clock();
}

wait_clock_fn wait_set_clock(wait_clock_fn fn)
{
	wait_clock_fn old = clock;

	clock = fn ? fn : tsc_now;
	return old;
}

static void pause(void)
{
	__builtin_ia32_pause();
}

static int flag_set(const void *ctx)
{
	return __atomic_load_n((const volatile uint32_t *)ctx, __ATOMIC_ACQUIRE) != 0;
}

static int never(const void *ctx)
{
	(void)ctx;
	return 0;
}

static int wait_loop(wait_pred_fn pred, const void *ctx, struct wait_bound b, uint64_t *seen,
		     void (*idle)(void))
{
	for (;;) {
		int passed = clock() - b.start > b.cycles;

		/* Looked at once more after the bound passed: see lib/wait.h. */
		if (pred(ctx)) {
			if (seen)
				*seen = clock();
			return 1;
		}
		if (passed)
			return 0;
		idle();
	}
}

int wait_flag(const volatile uint32_t *flag, struct wait_bound b, uint64_t *seen)
{
	return wait_loop(flag_set, (const void *)flag, b, seen, pause);
}

int wait_flag_idle(const volatile uint32_t *flag, struct wait_bound b, void (*idle)(void))
{
	return wait_loop(flag_set, (const void *)flag, b, NULL, idle ? idle : pause);
}

int wait_until(wait_pred_fn pred, const void *ctx, struct wait_bound b, uint64_t *seen)
{
	return wait_loop(pred, ctx, b, seen, pause);
}

int wait_looks(wait_pred_fn pred, const void *ctx, unsigned long max)
{
	for (unsigned long i = 0; i < max; i++) {
		if (pred(ctx))
			return 1;
		pause();
	}
	return 0;
}

void wait_delay(struct wait_bound b)
{
	wait_loop(never, NULL, b, NULL, pause);
}
