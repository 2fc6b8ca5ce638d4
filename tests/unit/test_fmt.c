/* SPDX-License-Identifier: MIT */
/*
 * The image's printf (lib/fmt.c): every log line goes through it, and the
 * log format is a contract with the host tools, so each conversion the
 * image uses is pinned here, with truncation (it must behave like
 * snprintf) and fmt_quote (one value never spans words or lines).
 */
#include <limits.h>

#include "../../lib/fmt.h"
#include "unit.h"

static char out[128];

/*
 * fmt_vbuf without fmt_buf's format attribute, so the odd formats tested
 * here (an unknown conversion, a NULL string) compile under -Werror.
 */
static size_t f(const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vbuf(out, sizeof(out), fmt, ap);
	va_end(ap);
	return n;
}

/* One check: the text, and the return value equal to its length. */
#define FMT(want, name, ...)                                                                       \
	do {                                                                                       \
		size_t n_ = f(__VA_ARGS__);                                                        \
		CHECK(strcmp(out, want) == 0 && n_ == strlen(want), name,                          \
		      "got \"%s\" (returned %zu), want \"%s\"", out, n_, want);                    \
	} while (0)

static void test_conversions(void)
{
	const char three[3] = { 'x', 'y', 'z' }; /* no NUL: %.3s must not look past it */

	FMT("-42", "%d negative", "%d", -42);
	FMT("-2147483648", "%d INT_MIN", "%d", INT_MIN);
	FMT("-9223372036854775808", "%lld LLONG_MIN", "%lld", LLONG_MIN);
	FMT("0", "%d zero", "%d", 0);
	FMT("7", "%i", "%i", 7);
	FMT("4294967295", "%u UINT_MAX", "%u", UINT_MAX);
	FMT("18446744073709551615", "%llu max", "%llu", ULLONG_MAX);
	FMT("beef", "%x", "%x", 0xbeefu);
	FMT("BEEF", "%X", "%X", 0xbeefu);
	FMT("0xff", "%#x", "%#x", 255u);
	FMT("0XFF", "%#X", "%#X", 255u);
	FMT("0000000000001234", "%016llx", "%016llx", 0x1234ull);
	FMT("deadbeefcafe", "%lx 64-bit", "%lx", 0xdeadbeefcafeul);
	FMT("0x000002f8", "%#010x", "%#010x", 0x2f8u);
	FMT("      ab|", "%8x|", "%8x|", 0xabu);
	FMT("ab   |", "%-5s|", "%-5s|", "ab");
	FMT("   ab|", "%5s|", "%5s|", "ab");
	FMT("abcdef", "%2s wider string", "%2s", "abcdef");
	FMT("abc", "%.3s", "%.3s", "abcdef");
	FMT("xyz", "%.3s of 3 bytes without NUL", "%.3s", three);
	FMT("ab", "%.*s", "%.*s", 2, "abcdef");
	FMT("   42", "%*d", "%*d", 5, 42);
	FMT("42   |", "%-5d|", "%-5d|", 42);
	FMT("-0042", "%05d negative", "%05d", -42);
	FMT("00042", "%.5d", "%.5d", 42);
	FMT(" 42", "% d", "% d", 42);
	FMT("123456789", "%zu", "%zu", (size_t)123456789);
	FMT("%", "%%", "%%");
	FMT("100% sure", "%% inside text", "100%% sure");
	FMT("A", "%c", "%c", 'A');
	FMT("10", "%o", "%o", 8u);
	FMT("0x1000", "%p", "%p", (void *)0x1000);
	FMT("ff", "%hhx", "%hhx", 0x1ffu);
	FMT("-1", "%hd of 65535", "%hd", 65535);
	FMT("-1", "%hhd of 255", "%hhd", 255);
	FMT("5", "%hu of 65541", "%hu", 65541u);
	FMT("(null)", "%s NULL", "%s", (const char *)NULL);
	FMT("%q", "unknown conversion shown", "%q");
	FMT("abc%", "lone % at the end", "abc%");
	FMT("cpu=3 apic=0x1b name=x", "several in a row", "cpu=%u apic=%#x name=%s", 3u, 0x1bu,
	    "x");
}

/* A sink that counts and keeps what it was given, to test fmt_v itself. */
struct sink {
	char buf[32];
	size_t n;
};

static void sink_put(void *ctx, char c)
{
	struct sink *s = ctx;

	if (s->n + 1 < sizeof(s->buf))
		s->buf[s->n] = c;
	s->n++;
}

static size_t via_sink(struct sink *s, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_v(sink_put, s, fmt, ap);
	va_end(ap);
	return n;
}

static void test_truncation(void)
{
	char small[16];
	struct sink s = { "", 0 };
	size_t n;

	memset(small, 'Z', sizeof(small));
	n = fmt_buf(small, 8, "%s", "hello world");
	CHECK(n == 11 && strcmp(small, "hello w") == 0 && small[8] == 'Z', "cut to 8 bytes",
	      "returned %zu, got \"%.16s\"", n, small);
	memset(small, 'Z', sizeof(small));
	n = fmt_buf(small, 4, "abc");
	CHECK(n == 3 && strcmp(small, "abc") == 0 && small[4] == 'Z', "exact fit", "returned %zu",
	      n);
	n = fmt_buf(small, 3, "abc");
	CHECK(n == 3 && strcmp(small, "ab") == 0, "one byte short", "returned %zu, got \"%s\"", n,
	      small);
	memset(small, 'Z', sizeof(small));
	n = fmt_buf(small, 6, "%08x", 0xabcu);
	CHECK(n == 8 && strcmp(small, "00000") == 0 && small[6] == 'Z', "cut inside padding",
	      "returned %zu, got \"%.16s\"", n, small);
	memset(small, 'Z', sizeof(small));
	n = fmt_buf(small, 1, "abc");
	CHECK(n == 3 && small[0] == '\0' && small[1] == 'Z', "size 1: empty string",
	      "returned %zu, first bytes %#x %#x", n, small[0], small[1]);
	memset(small, 'Z', sizeof(small));
	n = fmt_buf(small, 0, "abc");
	CHECK(n == 3 && small[0] == 'Z', "size 0: nothing written, length returned",
	      "returned %zu, first byte %#x", n, small[0]);
	n = via_sink(&s, "x=%d", 5);
	s.buf[s.n < sizeof(s.buf) ? s.n : sizeof(s.buf) - 1] = '\0';
	CHECK(n == 3 && s.n == 3 && strcmp(s.buf, "x=5") == 0, "fmt_v through a sink",
	      "returned %zu, sink got %zu \"%s\"", n, s.n, s.buf);
}

static void quote(const char *s, const char *want, const char *name)
{
	size_t n = fmt_quote(out, sizeof(out), s);

	CHECK(strcmp(out, want) == 0 && n == strlen(want), name,
	      "got \"%s\" (returned %zu), want \"%s\"", out, n, want);
}

static void test_quote(void)
{
	char small[8];
	size_t n;

	quote("ttyS0", "ttyS0", "quote: plain word as it is");
	quote("GRUB-2.06/x_y", "GRUB-2.06/x_y", "quote: punctuation stays plain");
	quote("GRUB 2.06", "\"GRUB 2.06\"", "quote: space quoted");
	quote("say \"hi\"", "\"say \\\"hi\\\"\"", "quote: double quotes escaped");
	quote("a\\b", "\"a\\\\b\"", "quote: backslash escaped");
	quote("\t\n\x01", "\"\\x09\\x0a\\x01\"", "quote: control bytes as \\xNN");
	quote("\x7f\xff", "\"\\x7f\\xff\"", "quote: DEL and high bytes as \\xNN");
	quote("a=b", "\"a=b\"", "quote: '=' quoted, it would read as key=value");
	quote("", "\"\"", "quote: empty string is \"\"");
	memset(small, 'Z', sizeof(small));
	n = fmt_quote(small, 4, "a b");
	CHECK(n == 5 && strcmp(small, "\"a ") == 0 && small[4] == 'Z', "quote: cut to 4 bytes",
	      "returned %zu, got \"%.8s\"", n, small);
	memset(small, 'Z', sizeof(small));
	n = fmt_quote(small, 0, "a b");
	CHECK(n == 5 && small[0] == 'Z', "quote: size 0 writes nothing", "returned %zu", n);
}

int main(void)
{
	unit_begin();
	test_conversions();
	test_truncation();
	test_quote();
	return unit_done();
}
