/* SPDX-License-Identifier: MIT */
/* The name tables behind include/events.h, compiled into the image and the host tools. */
#include "events.h"

#define SMPSCOPE_NAME(id, name) [id] = name,
const char *const ev_names[EV_COUNT] = { SMPSCOPE_EVENTS(SMPSCOPE_NAME) };
const char *const step_names[STEP_COUNT] = { SMPSCOPE_STEPS(SMPSCOPE_NAME) };
#undef SMPSCOPE_NAME
