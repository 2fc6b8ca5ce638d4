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

static void pause(const void *ctx)
{
	(void)ctx;
	__builtin_ia32_pause();
}

static int flag_set(const void *ctx)
{
	return __atomic_load_n((const volatile uint32_t *)ctx, __ATOMIC_ACQUIRE) != 0;
}

/* wait_flag_idle's flag and the caller's idle, which takes no context. */
struct flag_idle {
	const volatile uint32_t *flag;
	void (*idle)(void);
};

static int flag_idle_set(const void *ctx)
{
	return flag_set((const void *)((const struct flag_idle *)ctx)->flag);
}

static void flag_idle_idle(const void *ctx)
{
	((const struct flag_idle *)ctx)->idle();
}

static int never(const void *ctx)
{
	(void)ctx;
	return 0;
}

int wait_cause(wait_pred_fn look, void (*idle)(const void *ctx), const void *ctx,
	       struct wait_bound b, uint64_t *seen)
{
	if (!idle)
		idle = pause;
	for (;;) {
		int passed = clock() - b.start > b.cycles;
		/* Looked at once more after the bound passed: see lib/wait.h. */
		int cause = look(ctx);

		if (cause) {
			if (seen)
				*seen = clock();
			return cause;
		}
		if (passed)
			return WAIT_PASSED;
		idle(ctx);
	}
}

int wait_flag(const volatile uint32_t *flag, struct wait_bound b, uint64_t *seen)
{
	return wait_cause(flag_set, NULL, (const void *)flag, b, seen);
}

int wait_flag_idle(const volatile uint32_t *flag, struct wait_bound b, void (*idle)(void))
{
	if (!idle)
		return wait_flag(flag, b, NULL);
	return wait_cause(flag_idle_set, flag_idle_idle, &(struct flag_idle){ flag, idle }, b,
			  NULL);
}

int wait_until(wait_pred_fn pred, const void *ctx, struct wait_bound b, uint64_t *seen)
{
	return wait_cause(pred, NULL, ctx, b, seen) != WAIT_PASSED;
}

int wait_looks(wait_pred_fn pred, const void *ctx, unsigned long max)
{
	for (unsigned long i = 0; i < max; i++) {
		if (pred(ctx))
			return 1;
		pause(NULL);
	}
	return 0;
}

void wait_delay(struct wait_bound b)
{
	wait_cause(never, NULL, NULL, b, NULL);
}
