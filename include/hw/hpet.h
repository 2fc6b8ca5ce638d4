/* SPDX-License-Identifier: MIT */
/*
 * The HPET's registers, as offsets from the base the ACPI HPET table gives
 * (docs/hardware.md, docs/tsc.md). The period is the capabilities' high
 * half; enable is bit 0 of the configuration's low half.
 */
#ifndef SMPSCOPE_HW_HPET_H
#define SMPSCOPE_HW_HPET_H

#define HPET_CAP_PERIOD	 0x04
#define HPET_CONF	 0x10
#define HPET_COUNTER	 0xf0
#define HPET_CONF_ENABLE 1u
/* The spec caps the tick period at 100 ns (10^8 fs); more is a broken table or device. */
#define HPET_PERIOD_MAX_FS 100000000ull

#endif
