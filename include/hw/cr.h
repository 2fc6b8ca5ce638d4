/* SPDX-License-Identifier: MIT */
/* Control register bits (Intel SDM vol. 3, 2.5); EFER's are in include/hw/msr.h. */
#ifndef SMPSCOPE_HW_CR_H
#define SMPSCOPE_HW_CR_H

#include "const.h"

#define CR0_PE HW_U64(0x1)	  /* protected mode */
#define CR0_ET HW_U64(0x10)	  /* extension type: reads as 1 on every CPU since the 486 */
#define CR0_NE HW_U64(0x20)	  /* native x87 error reporting */
#define CR0_WP HW_U64(0x10000)	  /* write protect, also for ring 0 */
#define CR0_NW HW_U64(0x20000000) /* not write-through: set after INIT */
#define CR0_CD HW_U64(0x40000000) /* cache disable: set after INIT */
#define CR0_PG HW_U64(0x80000000) /* paging */

#define CR4_PAE HW_U64(0x20) /* physical address extension: 64-bit paging needs it */
#define CR4_MCE HW_U64(0x40) /* machine-check exception enable */

#endif
