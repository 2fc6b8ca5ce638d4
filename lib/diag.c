/* SPDX-License-Identifier: MIT */
#include "diag.h"

#include "fmt.h"

void diag_add(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	if (d->count >= DIAG_MAX) {
		d->dropped++;
		return;
	}
	va_start(ap, fmt);
	fmt_vbuf(d->msg[d->count++], DIAG_LEN, fmt, ap);
	va_end(ap);
}
