/* SPDX-License-Identifier: MIT */
#include "fmt.h"

#include <stdint.h>

#include "string.h"

struct spec {
	int left, zero, alt, space;
	int width, prec;
};

static size_t emit(fmt_sink put, void *ctx, char c)
{
	put(ctx, c);
	return 1;
}

static size_t pad(fmt_sink put, void *ctx, char c, int n)
{
	size_t out = 0;

	while (n-- > 0)
		out += emit(put, ctx, c);
	return out;
}

static size_t put_str(fmt_sink put, void *ctx, const char *s, const struct spec *sp)
{
	size_t len, out = 0;

	if (!s)
		s = "(null)";
	len = sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s);
	if (!sp->left)
		out += pad(put, ctx, ' ', sp->width - (int)len);
	for (size_t i = 0; i < len; i++)
		out += emit(put, ctx, s[i]);
	if (sp->left)
		out += pad(put, ctx, ' ', sp->width - (int)len);
	return out;
}

static size_t put_num(fmt_sink put, void *ctx, uint64_t v, int neg, unsigned base, int upper,
		      const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	const char *prefix = "";
	int n = 0, plen, body;
	size_t out = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		prefix = "-";
	else if (sp->space)
		prefix = " ";
	if (sp->alt && base == 16)
		prefix = upper ? "0X" : "0x";
	plen = (int)strlen(prefix);
	body = n > sp->prec ? n : sp->prec;
	if (!sp->left && !sp->zero)
		out += pad(put, ctx, ' ', sp->width - body - plen);
	for (int i = 0; i < plen; i++)
		out += emit(put, ctx, prefix[i]);
	if (!sp->left && sp->zero)
		out += pad(put, ctx, '0', sp->width - body - plen);
	out += pad(put, ctx, '0', sp->prec - n);
	while (n)
		out += emit(put, ctx, tmp[--n]);
	if (sp->left)
		out += pad(put, ctx, ' ', sp->width - body - plen);
	return out;
}

size_t fmt_v(fmt_sink put, void *ctx, const char *fmt, va_list ap)
{
	size_t out = 0;

	for (; *fmt; fmt++) {
		struct spec sp = { .prec = -1 };
		int lng = 0, shrt = 0;
		uint64_t u;
		int64_t s;

		if (*fmt != '%') {
			out += emit(put, ctx, *fmt);
			continue;
		}
		for (;; fmt++) {
			if (fmt[1] == '-')
				sp.left = 1;
			else if (fmt[1] == '0')
				sp.zero = 1;
			else if (fmt[1] == '#')
				sp.alt = 1;
			else if (fmt[1] == ' ')
				sp.space = 1;
			else if (fmt[1] != '+')
				break;
		}
		fmt++;
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				sp.width = sp.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			sp.prec = 0;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					sp.prec = sp.prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z')
				lng = 2;
			else if (*fmt == 'h')
				shrt++;
			else
				break;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			s = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			if (shrt == 1)
				s = (short)s;
			else if (shrt >= 2)
				s = (signed char)s;
			out += put_num(put, ctx, s < 0 ? -(uint64_t)s : (uint64_t)s, s < 0, 10, 0,
				       &sp);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			u = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);
			if (shrt == 1)
				u = (unsigned short)u;
			else if (shrt >= 2)
				u = (unsigned char)u;
			out += put_num(put, ctx, u, 0,
				       *fmt == 'u'   ? 10
				       : *fmt == 'o' ? 8
						     : 16,
				       *fmt == 'X', &sp);
			break;
		case 'p':
			sp.alt = 1;
			out += put_num(put, ctx, (uintptr_t)va_arg(ap, void *), 0, 16, 0, &sp);
			break;
		case 'c':
			out += emit(put, ctx, (char)va_arg(ap, int));
			break;
		case 's':
			out += put_str(put, ctx, va_arg(ap, const char *), &sp);
			break;
		case '%':
			out += emit(put, ctx, '%');
			break;
		default:
			/* An unknown conversion is shown, never silently eaten. */
			out += emit(put, ctx, '%');
			if (!*fmt)
				return out;
			out += emit(put, ctx, *fmt);
			break;
		}
	}
	return out;
}

struct buf_ctx {
	char *buf;
	size_t size, len;
};

static void buf_put(void *ctx, char c)
{
	struct buf_ctx *b = ctx;

	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

size_t fmt_vbuf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_ctx b = { buf, size, 0 };
	size_t n = fmt_v(buf_put, &b, fmt, ap);

	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

size_t fmt_buf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vbuf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static int plain_char(char c)
{
	return c > ' ' && c < 0x7f && c != '"' && c != '\\' && c != '=';
}

size_t fmt_quote(char *buf, size_t size, const char *s)
{
	struct buf_ctx b = { buf, size, 0 };
	int plain = *s != '\0';

	for (const char *p = s; *p; p++)
		plain &= plain_char(*p);
	if (!plain) {
		buf_put(&b, '"');
		for (const char *p = s; *p; p++) {
			unsigned char c = (unsigned char)*p;

			if (c == '"' || c == '\\') {
				buf_put(&b, '\\');
				buf_put(&b, (char)c);
			} else if (c < ' ' || c >= 0x7f) {
				buf_put(&b, '\\');
				buf_put(&b, 'x');
				buf_put(&b, "0123456789abcdef"[c >> 4]);
				buf_put(&b, "0123456789abcdef"[c & 15]);
			} else {
				buf_put(&b, (char)c);
			}
		}
		buf_put(&b, '"');
	} else {
		for (const char *p = s; *p; p++)
			buf_put(&b, *p);
	}
	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return b.len;
}
