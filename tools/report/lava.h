/* SPDX-License-Identifier: MIT */
/*
 * A LAVA job's log as the tool reads it: LAVA stores a job's output as YAML,
 * one flow mapping a line (`- {"dt": ..., "lvl": "target", "msg": "..."}` on
 * the server, the same without `- ` in lava-run's stream), the console's
 * lines being the `lvl: target` messages and the `lvl: feedback` ones (what
 * the device printed between the dispatcher's actions, docs/lab.md). The
 * console is rebuilt from them and read as a serial log (docs/report.md,
 * "Input").
 */
#ifndef SMPSCOPE_REPORT_LAVA_H
#define SMPSCOPE_REPORT_LAVA_H

#include <stddef.h>

/*
 * NULL when text is no LAVA log (its first line that is not blank is no such mapping);
 * else the console text, one line a message, malloc'd, its length in *out_len.
 */
char *rpt_lava_console(const char *text, size_t len, size_t *out_len);

#endif
