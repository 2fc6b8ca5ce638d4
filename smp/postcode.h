/* SPDX-License-Identifier: MIT */
/*
 * The bringup on port 0x80 (postcode=on, docs/postcode.md). Port 0x80 is
 * one byte for the whole machine, and an AP writing it would put an I/O
 * write into the very path being timed, so only the BSP writes it, at
 * phase boundaries: for each AP, in CPU order, the steps its breadcrumbs
 * show it passed and the phases the BSP saw it finish since the last
 * boundary, each once, in the order they happened on that AP.
 */
#ifndef SMPSCOPE_SMP_POSTCODE_H
#define SMPSCOPE_SMP_POSTCODE_H

/* Writes every code not written yet; nothing without postcode=on. */
void postcode_catch_up(void);

#endif
