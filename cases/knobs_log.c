/* SPDX-License-Identifier: MIT */
#include "knobs_log.h"

#include "../console/log.h"
#include "../lib/fmt.h"

void knobs_log(const struct config *c)
{
	char buf[LOG_LINE_MAX - 16];
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < knob_count && o < sizeof(buf); i++) {
		const struct knob *k = &knob_table[i];
		const char *sep = o ? " " : "";

		if (k->values)
			o += fmt_buf(buf + o, sizeof(buf) - o, "%s%s=%s", sep, k->name,
				     knob_value_name(k, c));
		else if (k->set == knob_set_uint)
			o += fmt_buf(buf + o, sizeof(buf) - o, "%s%s=%llu", sep, k->name,
				     *(const unsigned long long *)((const char *)c + k->offset));
	}
	if (o < sizeof(buf) && c->lastlog_addr)
		o += fmt_buf(buf + o, sizeof(buf) - o, " lastlog=%#llx",
			     (unsigned long long)c->lastlog_addr);
	else if (o < sizeof(buf))
		o += fmt_buf(buf + o, sizeof(buf) - o, " lastlog=%s",
			     lastlog_mode_names[c->lastlog]);
	if (o < sizeof(buf))
		o += fmt_buf(buf + o, sizeof(buf) - o, " consoles=%u faults=%s", c->nconsoles,
			     c->nfaults ? "" : "none");
	for (unsigned i = 0; i < c->nfaults && o < sizeof(buf); i++) {
		o += fmt_buf(buf + o, sizeof(buf) - o, "%s", i ? "," : "");
		if (o < sizeof(buf))
			o += fault_format(&c->faults[i], buf + o, sizeof(buf) - o);
	}
	ev(EV_KNOBS, "%s", buf);
}
