/* SPDX-License-Identifier: MIT */
/*
 * How the CPUs of a MADT from a module differ from the firmware's (docs/hardware.md,
 * "A MADT from the stick"): each APIC ID listed usable by one and not the other, listed
 * with other flags or another entry type, or at another place in the order.
 */
#ifndef SMPSCOPE_APIC_MADT_DIFF_H
#define SMPSCOPE_APIC_MADT_DIFF_H

#include "madt.h"

#define MADT_DIFF_MAX 16

#define MADT_CHANGES(X)                                                                            \
	X(MADT_CHG_ADDED, "added")     /* usable in the module, not in the firmware's */           \
	X(MADT_CHG_REMOVED, "removed") /* usable in the firmware's, not in the module */           \
	X(MADT_CHG_FLAGS, "flags")     /* enabled or online capable in one, not the other */       \
	X(MADT_CHG_TYPE, "type")       /* a type-0 entry in one, type 9 in the other */            \
	X(MADT_CHG_ORDER, "order")     /* at another place among the usable CPUs */

enum madt_change {
#define MADT_CHG_ENUM(id, name) id,
	MADT_CHANGES(MADT_CHG_ENUM)
#undef MADT_CHG_ENUM
};
extern const char *const madt_change_names[];

/* One side of a change: absent, or the entry's type, state and place among the usable CPUs. */
struct madt_side {
	uint8_t present, type, enabled, online_capable;
	uint16_t pos;
};

struct madt_change_item {
	uint32_t apic;
	uint8_t kind; /* enum madt_change */
	struct madt_side fw, mod;
};

struct madt_diff {
	unsigned n, more; /* changes kept, and those past MADT_DIFF_MAX */
	struct madt_change_item c[MADT_DIFF_MAX];
};

/* Every change from fw to mod: first the module's CPUs in its order, then those it dropped. */
void madt_diff(const struct madt_info *fw, const struct madt_info *mod, struct madt_diff *d);
/* One side as the log writes it: "absent" or "lapic:enabled@3" (type:state@place). */
void madt_side_text(const struct madt_side *s, char *buf, size_t size);

#endif
