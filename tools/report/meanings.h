/* SPDX-License-Identifier: MIT */
#ifndef SMPSCOPE_REPORT_MEANINGS_H
#define SMPSCOPE_REPORT_MEANINGS_H

#include "line.h"
#include "model.h"

/*
 * An `# ev=<name>` line of boot b, its fields in c->rest: what it means for
 * the boot's record. A name include/events.h does not list is named as a
 * problem (perhaps a newer image's event), and the log is read on.
 */
void rpt_on_event(struct rpt_line *c, struct rpt_boot *b, const char *name);

#endif
