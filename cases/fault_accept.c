/* SPDX-License-Identifier: MIT */
#include "fault_accept.h"

#include "../console/ktap.h"
#include "table.h"

int fault_accept(const struct config *cfg, unsigned takers)
{
	int ok = 1;

	for (unsigned i = 0; i < cfg->nfaults; i++) {
		enum fault_kind kind = cfg->faults[i].kind;

		if (fault_kind_takers[kind] & takers)
			continue;
		ktap_check(0, "fault", "fault=%s cannot be injected by case %s",
			   fault_kind_names[kind], case_table[cfg->case_idx].name);
		ok = 0;
	}
	return ok;
}
