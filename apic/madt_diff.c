/* SPDX-License-Identifier: MIT */
#include "madt_diff.h"

#include "../lib/fmt.h"
#include "../lib/string.h"

const char *const madt_change_names[] = {
#define MADT_CHG_NAME(id, name) [id] = name,
	MADT_CHANGES(MADT_CHG_NAME)
#undef MADT_CHG_NAME
};

static struct madt_side side(const struct madt_info *mi, int i)
{
	struct madt_side s = { 0 };

	if (i < 0)
		return s;
	s.present = 1;
	s.type = mi->cpus[i].type;
	s.enabled = mi->cpus[i].enabled;
	s.online_capable = mi->cpus[i].online_capable;
	s.pos = (uint16_t)i;
	return s;
}

static void add(struct madt_diff *d, uint32_t apic, enum madt_change k, struct madt_side fw,
		struct madt_side mod)
{
	if (d->n >= MADT_DIFF_MAX) {
		d->more++;
		return;
	}
	d->c[d->n++] = (struct madt_change_item){ apic, (uint8_t)k, fw, mod };
}

void madt_diff(const struct madt_info *fw, const struct madt_info *mod, struct madt_diff *d)
{
	memset(d, 0, sizeof(*d));
	for (unsigned i = 0; i < mod->ncpus; i++) {
		uint32_t apic = mod->cpus[i].apic_id;
		int j = madt_find_apic(fw, apic);
		struct madt_side f = side(fw, j), m = side(mod, (int)i);

		/* The first difference names the change; both sides carry the rest. */
		if (j < 0)
			add(d, apic, MADT_CHG_ADDED, f, m);
		else if (f.enabled != m.enabled || f.online_capable != m.online_capable)
			add(d, apic, MADT_CHG_FLAGS, f, m);
		else if (f.type != m.type)
			add(d, apic, MADT_CHG_TYPE, f, m);
		else if (f.pos != m.pos)
			add(d, apic, MADT_CHG_ORDER, f, m);
	}
	for (unsigned j = 0; j < fw->ncpus; j++)
		if (madt_find_apic(mod, fw->cpus[j].apic_id) < 0)
			add(d, fw->cpus[j].apic_id, MADT_CHG_REMOVED, side(fw, (int)j),
			    side(mod, -1));
}

void madt_side_text(const struct madt_side *s, char *buf, size_t size)
{
	if (!s->present) {
		str_copy(buf, "absent", size);
		return;
	}
	fmt_buf(buf, size, "%s:%s@%u", madt_type_name(s->type),
		s->enabled	    ? "enabled"
		: s->online_capable ? "online-capable"
				    : "unusable",
		s->pos);
}
