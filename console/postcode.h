/* SPDX-License-Identifier: MIT */
/* Progress codes on port 0x80, for a POST card when there is no console at all (postcode=on). */
#ifndef SMPSCOPE_CONSOLE_POSTCODE_H
#define SMPSCOPE_CONSOLE_POSTCODE_H

#include <stdint.h>

enum postcode_id {
	POST_C_ENTRY = 0x10,
	POST_KNOBS = 0x11,
	POST_CONSOLES = 0x12,
	POST_CASE = 0x20,
	POST_EXCEPTION = 0xe0,
	POST_PASS = 0xf0,
	POST_FAIL = 0xff,
};

void postcode_enable(int on);
void postcode(enum postcode_id code);

#endif
