/* SPDX-License-Identifier: MIT */
/*
 * The MADT's lines, the same in every case whether the table is the firmware's
 * or a module's (docs/log-format.md, docs/hardware.md "A MADT from the stick").
 */
#ifndef SMPSCOPE_CASES_MADTLOG_H
#define SMPSCOPE_CASES_MADTLOG_H

#include "../apic/enumerate.h"

/* One ev=acpi-error line per problem the ACPI walk or the MADT parser named. */
void log_acpi_problems(const struct diag *d);
/*
 * Each module refused as a MADT (ev=madt-module used=0) and the one used; a
 * KTAP check madt_module when any module came: ok with the table used, a SKIP
 * naming the refusal when the firmware's is used instead.
 */
void log_madt_module(const struct cpu_enum *e);
/* ev=madt (source=firmware or module), then with a module one ev=madt-diff per change. */
void log_madt_table(const struct cpu_enum *e);
/* The entries the MADT rules set aside, then each finding and note once (docs/hardware.md). */
void log_madt_extras(const struct madt_info *m);

#endif
