/* SPDX-License-Identifier: MIT */
/*
 * SMIs as the CPU counts them (MSR_SMI_COUNT) and one raised on purpose
 * through the APM control port, for the test of that count
 * (docs/hardware.md, "SMIs").
 */
#ifndef SMPSCOPE_ARCH_SMICOUNT_H
#define SMPSCOPE_ARCH_SMICOUNT_H

#include <stdint.h>

/*
 * 1 when this CPU counts its SMIs: an Intel family 6 part from Nehalem on
 * whose read of MSR_SMI_COUNT does not fault. Never read elsewhere: AMD has
 * no such MSR, and the probe is the image's exception path.
 */
int smi_count_usable(void);
/* The count; 0 unless smi_count_usable() said 1. */
uint32_t smi_count_read(void);
/* One software SMI through port 0xB2 (fault=smi only: it needs a firmware SMI handler). */
void smi_raise_apm(void);

#endif
