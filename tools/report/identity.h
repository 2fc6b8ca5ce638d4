/* SPDX-License-Identifier: MIT */
/*
 * Which machine a boot ran on, from its own header: the CPU (ev=boot's brand,
 * vendor, family/model/stepping), the firmware (the SMBIOS BIOS vendor, or
 * UEFI/BIOS when there is none) and the CPUs the MADT gave (ev=cpu lines, and
 * the packages among them). Boots with the same identity are one machine of
 * the fleet page (docs/report.md, "fleet").
 */
#ifndef SMPSCOPE_REPORT_IDENTITY_H
#define SMPSCOPE_REPORT_IDENTITY_H

#include "model.h"

struct rpt_identity {
	char key[400];	    /* equal for the same machine */
	char cpu[80];	    /* the brand string, or what stands for it */
	char signature[64]; /* "GenuineIntel family 0x6 model 0x3c stepping 4" */
	char firmware[96];
	int apics, packages;
};

/* The identity of the boot whose records (one, or one a rung) are log->boots[first, first + n). */
void rpt_identity_of(const struct rpt_log *log, int first, int n, struct rpt_identity *id);

#endif
