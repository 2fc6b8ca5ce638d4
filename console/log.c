/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <stdarg.h>

#include "../lib/fmt.h"
#include "../lib/string.h"
#include "console.h"
#include "ring.h"
#include "screen.h"

static void put_line(char *buf, size_t len)
{
	/* A line cut at LOG_LINE_MAX still ends in a newline. */
	if (len >= LOG_LINE_MAX - 1)
		len = LOG_LINE_MAX - 2;
	if (len == 0 || buf[len - 1] != '\n')
		buf[len++] = '\n';
	ring_put(buf, len);
}

void log_line(const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vbuf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put_line(buf, n < sizeof(buf) ? n : sizeof(buf) - 1);
}

void ev(enum ev_id id, const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	va_list ap;
	size_t n;

	n = fmt_buf(buf, sizeof(buf), "# ev=%s ", ev_names[id]);
	va_start(ap, fmt);
	n += fmt_vbuf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	put_line(buf, n < sizeof(buf) ? n : sizeof(buf) - 1);
}

void log_drain(void)
{
	struct ring_around a;
	uint64_t lost;
	char buf[128];
	size_t n;

	con_ensure();
	ring_drain(con_put);
	lost = ring_take_lost();
	if (lost) {
		n = fmt_buf(buf, sizeof(buf), "# ev=%s bytes=%llu\n", ev_names[EV_LOG_LOST],
			    (unsigned long long)lost);
		con_write(buf, n);
	}
	ring_take_around(&a);
	if (a.bytes || a.timeouts) {
		n = fmt_buf(buf, sizeof(buf), "# ev=%s lock=ring timeouts=%u bytes=%llu\n",
			    ev_names[EV_LOCK_STUCK], a.timeouts, (unsigned long long)a.bytes);
		con_write(buf, n);
	}
	/* A boundary: the screen's panel and frozen lines are drawn here, with the log. */
	screen_refresh();
}

void log_from_exception(void)
{
	ring_no_wait();
}

int log_call_locked(void (*fn)(void))
{
	return ring_call_locked(fn);
}
