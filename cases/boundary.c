/* SPDX-License-Identifier: MIT */
#include "boundary.h"

#include "../console/log.h"

void case_boundary(const struct config *cfg)
{
	if (cfg->log == LOG_LIVE)
		log_drain();
}
