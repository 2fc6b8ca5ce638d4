/* SPDX-License-Identifier: MIT */
/*
 * The unit-test framework of the host-compiled parser tests: header only,
 * so each tests/unit/test_*.c is one program built from itself and the
 * parsers (see the Makefile's $(B)/host/test_% rule).
 *
 * Every check prints exactly one line, `ok N name` or `not ok N name # why`,
 * N counting from 1; unit_done() prints the plan `1..N` and gives main()
 * its exit status (1 when any check failed). tests/run-all.sh counts those
 * lines, so the "why" is kept on one line whatever bytes a value holds.
 *
 * A parser that loops on a malformed input would hang make check, so
 * unit_begin() arms an alarm: on expiry the program prints a failing check
 * naming the last unit_at() label and exits.
 *
 * Parsers read memory through struct physmap; fake_mem gives them regions
 * of fake physical memory, each its own exact-size heap block so that ASan
 * reports any byte read past what the parser asked to map.
 */
#ifndef SMPSCOPE_TESTS_UNIT_H
#define SMPSCOPE_TESTS_UNIT_H

#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../arch/physmap.h"

/* Seconds the whole program may take; ASan builds of these tests need well under one. */
#ifndef UNIT_TIMEOUT_S
#define UNIT_TIMEOUT_S 20
#endif

static int unit_n, unit_failed;
static const char *volatile unit_label = "start";

/* Names the scenario about to run, for the timeout report only. */
static inline void unit_at(const char *label)
{
	unit_label = label;
}

/* Only async-signal-safe calls here: write() and hand-made number text. */
static inline void unit_alarm(int sig)
{
	static const char why[] = " # timed out: the code under test did not return\n";
	const char *l = (const char *)unit_label;
	int i = 16, n = unit_n + 1;
	char num[16], c;

	(void)sig;
	do {
		num[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	if (write(1, "not ok ", 7) < 0 || write(1, num + i, (size_t)(16 - i)) < 0 ||
	    write(1, " ", 1) < 0)
		_exit(2);
	/* The label may be a command line with tabs and newlines: keep the report one line. */
	for (; *l; l++) {
		c = *l >= ' ' && *l < 0x7f ? *l : '?';
		if (write(1, &c, 1) < 0)
			_exit(2);
	}
	if (write(1, why, sizeof(why) - 1) < 0)
		_exit(2);
	_exit(1);
}

static inline void unit_begin(void)
{
	/* Line-buffered: an ASan abort must not swallow the lines already printed. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, unit_alarm);
	alarm(UNIT_TIMEOUT_S);
}

static inline int unit_done(void)
{
	alarm(0);
	printf("1..%d\n", unit_n);
	return unit_failed ? 1 : 0;
}

/* Prints s with every byte outside printable ASCII as \xNN, so a line stays one line. */
static inline void unit_put_visible(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < ' ' || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

/* A check name built with printf, for table-driven checks; valid until the 4th call after. */
static inline const char *unit_name(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline const char *unit_name(const char *fmt, ...)
{
	static char names[4][160];
	static unsigned next;
	char *n = names[next++ % 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(n, sizeof(names[0]), fmt, ap);
	va_end(ap);
	return n;
}

static inline int unit_check(int ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline int unit_check(int ok, const char *name, const char *fmt, ...)
{
	char why[1024];
	va_list ap;

	unit_n++;
	if (ok) {
		printf("ok %d ", unit_n);
		unit_put_visible(name);
		putchar('\n');
		return 1;
	}
	unit_failed++;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	printf("not ok %d ", unit_n);
	unit_put_visible(name);
	printf(" # ");
	unit_put_visible(why);
	putchar('\n');
	return 0;
}

static inline int unit_check_int(long long got, long long want, const char *name)
{
	return unit_check(got == want, name, "got %lld, want %lld", got, want);
}

static inline int unit_check_uint(unsigned long long got, unsigned long long want, const char *name)
{
	return unit_check(got == want, name, "got %#llx, want %#llx", got, want);
}

static inline int unit_check_str(const char *got, const char *want, const char *name)
{
	if (!got)
		return unit_check(0, name, "got NULL, want \"%s\"", want);
	return unit_check(strcmp(got, want) == 0, name, "got \"%s\", want \"%s\"", got, want);
}

static inline int unit_check_has(const char *got, const char *needle, const char *name)
{
	if (!got)
		return unit_check(0, name, "got NULL, want text with \"%s\"", needle);
	return unit_check(strstr(got, needle) != NULL, name, "\"%s\" lacks \"%s\"", got, needle);
}

/*
 * A message list (struct diag, struct cmdline_errors: count messages of
 * stride bytes each) holds one message containing needle.
 */
static inline int unit_check_list(const char *msgs, size_t stride, unsigned count,
				  const char *needle, const char *name)
{
	char all[900];
	size_t o = 0;

	for (unsigned i = 0; i < count; i++)
		if (strstr(msgs + i * stride, needle))
			return unit_check(1, name, "-");
	all[0] = '\0';
	for (unsigned i = 0; i < count && o + 1 < sizeof(all); i++)
		o += (size_t)snprintf(all + o, sizeof(all) - o, "%s[%s]", i ? " " : "",
				      msgs + i * stride);
	return unit_check(0, name, "no message with \"%s\" among %u: %s", needle, count, all);
}

static inline int unit_check_empty(const char *msgs, size_t stride, unsigned count,
				   const char *name)
{
	return unit_check(count == 0, name, "%u messages, the last: %s", count,
			  count ? msgs + (count - 1) * stride : "");
}

#define CHECK(cond, name, ...)	   unit_check(!!(cond), (name), __VA_ARGS__)
#define CHECK_INT(got, want, name) unit_check_int((long long)(got), (long long)(want), (name))
#define CHECK_UINT(got, want, name)                                                                \
	unit_check_uint((unsigned long long)(got), (unsigned long long)(want), (name))
#define CHECK_STR(got, want, name)   unit_check_str((got), (want), (name))
#define CHECK_HAS(got, needle, name) unit_check_has((got), (needle), (name))
/* list: a pointer to anything with count and msg[][] (struct diag, struct cmdline_errors). */
#define CHECK_MSG(list, needle, name)                                                              \
	unit_check_list((const char *)(list)->msg, sizeof((list)->msg[0]), (list)->count,          \
			(needle), (name))
#define CHECK_NO_MSG(list, name)                                                                   \
	unit_check_empty((const char *)(list)->msg, sizeof((list)->msg[0]), (list)->count, (name))

/* Little-endian stores, to build firmware structures byte by byte. */
static inline void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, (uint16_t)v);
	wr16(p + 2, (uint16_t)(v >> 16));
}

static inline void wr64(uint8_t *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}

#define FAKE_REGIONS 4

struct fake_region {
	uint64_t base;
	size_t size;
	uint8_t *mem;
};

struct fake_mem {
	struct physmap pm;
	unsigned n;
	struct fake_region r[FAKE_REGIONS];
};

static inline const void *fake_map(const struct physmap *pm, uint64_t addr, size_t len)
{
	const struct fake_mem *f = pm->ctx;

	for (unsigned i = 0; i < f->n; i++) {
		const struct fake_region *r = &f->r[i];

		if (addr >= r->base && addr - r->base < r->size &&
		    len <= r->size - (addr - r->base))
			return r->mem + (addr - r->base);
	}
	return NULL;
}

static inline void fake_init(struct fake_mem *f)
{
	memset(f, 0, sizeof(*f));
	f->pm.map = fake_map;
	f->pm.ctx = f;
}

/* Adds zeroed memory at [base, base+size) and returns it for the test to fill. */
static inline uint8_t *fake_add(struct fake_mem *f, uint64_t base, size_t size)
{
	struct fake_region *r;

	if (f->n == FAKE_REGIONS || !size) {
		fprintf(stderr, "fake_add: bad region\n");
		abort();
	}
	r = &f->r[f->n++];
	r->base = base;
	r->size = size;
	r->mem = calloc(1, size);
	if (!r->mem)
		abort();
	return r->mem;
}

static inline void fake_free(struct fake_mem *f)
{
	for (unsigned i = 0; i < f->n; i++)
		free(f->r[i].mem);
	f->n = 0;
}

#endif
