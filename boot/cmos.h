/* SPDX-License-Identifier: MIT */
/*
 * The CMOS shutdown code (register 0x0F) and the warm-reset vector at
 * 40:67 (offset at 0x467, segment at 0x469): what an INIT sends an AP to
 * when the BIOS sees code 0x0A.
 */
#ifndef SMPSCOPE_BOOT_CMOS_H
#define SMPSCOPE_BOOT_CMOS_H

#include <stdint.h>

/* CMOS_SHUTDOWN_REG, CMOS_SHUTDOWN_JUMP: the register and the code the callers write. */
#include "../include/hw/cmos.h"

struct warm_reset_state {
	uint8_t reg0f;
	uint16_t segment, offset;
	/* Bit 7 of port 0x70 (NMI disable) as found; -1 where the port does not read back. */
	int nmi_disabled;
};

uint8_t cmos_read(uint8_t reg);
void cmos_write(uint8_t reg, uint8_t v);
void warm_reset_read(struct warm_reset_state *s);
/* Writes register 0x0F and the vector at 40:67; the NMI bit is left as found. */
void warm_reset_write(uint8_t reg0f, uint16_t segment, uint16_t offset);
/*
 * Writes 0x0A and segment:0000, and keeps what to put back: the state found
 * before the first arming of a run (docs/flows.md, "Warm reset").
 */
void warm_reset_arm(uint16_t segment, const struct warm_reset_state *found);
/*
 * Puts back what warm_reset_arm kept; 1 if it was armed, 0 (and nothing
 * written) if not. The way out of the image (boot/exit.c) calls it too, so
 * no exit leaves a reset jumping into the trampoline.
 */
int warm_reset_disarm(void);
int warm_reset_armed(void);

#endif
