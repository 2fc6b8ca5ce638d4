/* SPDX-License-Identifier: MIT */
/* `smpscope-report madt FILE`: what the image would make of a machine's MADT (docs/report.md). */
#ifndef SMPSCOPE_REPORT_MADT_H
#define SMPSCOPE_REPORT_MADT_H

/* argv: FILE [--json]. Returns 0, 1 when the table has problems, 2 when FILE is unreadable. */
int report_madt(int argc, char **argv);

#endif
