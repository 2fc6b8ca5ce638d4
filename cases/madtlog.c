/* SPDX-License-Identifier: MIT */
#include "madtlog.h"

#include "../console/ktap.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../lib/string.h"

void log_acpi_problems(const struct diag *d)
{
	for (unsigned i = 0; i < d->count; i++) {
		char q[DIAG_LEN + 16];

		fmt_quote(q, sizeof(q), d->msg[i]);
		ev(EV_ACPI_ERROR, "msg=%s", q);
	}
	if (d->dropped)
		ev(EV_ACPI_ERROR, "msg=\"%u more problems\"", d->dropped);
}

void log_madt_module(const struct cpu_enum *e)
{
	const struct madt_module *mm = &e->module;
	char name[2 * BOOTINFO_MODARG_MAX], why[2 * DIAG_LEN];

	for (unsigned i = 0; i < mm->nrefused; i++) {
		fmt_quote(name, sizeof(name), mm->refused[i].name);
		fmt_quote(why, sizeof(why), mm->refused[i].why);
		ev(EV_MADT_MODULE, "name=%s used=0 reason=%s", name, why);
	}
	if (mm->used >= 0) {
		fmt_quote(name, sizeof(name), mm->name);
		ev(EV_MADT_MODULE, "name=%s used=1 len=%u size=%llu", name, mm->table.len,
		   (unsigned long long)mm->size);
		ktap_check(1, "madt_module", "%s", mm->name);
	} else if (mm->nrefused) {
		char r[BOOTINFO_MODARG_MAX + DIAG_LEN + 64];

		/* Not the run's failure: the bringup goes on, on the firmware's table. */
		fmt_buf(r, sizeof(r), "module %s refused: %s; the firmware's MADT is used",
			mm->refused[0].name, mm->refused[0].why);
		ktap_skip("madt_module", r);
	}
}

void log_madt_table(const struct cpu_enum *e)
{
	const struct madt_info *m = &e->madt;
	const struct acpi_table *t = &e->madt_table;
	char src[2 * BOOTINFO_MODARG_MAX + 160] = "source=firmware";

	if (e->module.used >= 0) {
		char name[2 * BOOTINFO_MODARG_MAX];

		fmt_quote(name, sizeof(name), e->module.name);
		if (e->have_fw_madt)
			fmt_buf(src, sizeof(src),
				"source=module name=%s firmware_cpus=%u firmware_ignored=%u "
				"changes=%u",
				name, e->fw_cpus, e->fw_ignored, e->diff.n + e->diff.more);
		else
			fmt_buf(src, sizeof(src), "source=module name=%s firmware_cpus=none", name);
	}
	ev(EV_MADT,
	   "%s addr=%#llx len=%u revision=%u oem=%s via=%s checksum=%s lapic=%#llx override=%d "
	   "flags=%#x entries=%u cpus=%u enabled=%u duplicates=%u dropped=%u ignored=%u",
	   src, (unsigned long long)t->addr, t->len, t->revision, t->oem_id, t->via,
	   m->checksum_ok ? "ok" : "bad", (unsigned long long)m->lapic_addr, m->lapic_override,
	   m->flags, m->nentries, m->ncpus, madt_count_enabled(m), m->duplicates, m->dropped,
	   m->nignored + m->ignored_dropped);
	if (e->module.used < 0 || !e->have_fw_madt)
		return;
	for (unsigned i = 0; i < e->diff.n; i++) {
		const struct madt_change_item *c = &e->diff.c[i];
		char fw[48], mod[48];

		madt_side_text(&c->fw, fw, sizeof(fw));
		madt_side_text(&c->mod, mod, sizeof(mod));
		ev(EV_MADT_DIFF, "apic=%#x change=%s firmware=%s module=%s", c->apic,
		   madt_change_names[c->kind], fw, mod);
	}
	if (e->diff.more)
		ev(EV_MADT_DIFF, "more=%u", e->diff.more);
}
void log_madt_extras(const struct madt_info *m)
{
	for (unsigned i = 0; i < m->nignored; i++) {
		const struct madt_cpu *c = &m->ignored[i];

		ev(EV_MADT_IGNORED,
		   "n=%u offset=%u type=%s apic=%#x uid=%u flags=%#x usable=0 reason=%s", i, c->off,
		   madt_type_name(c->type), c->apic_id, c->uid, c->flags,
		   madt_ignore_names[c->reason]);
	}
	if (m->ignored_dropped)
		ev(EV_MADT_IGNORED, "more=%u", m->ignored_dropped);
	for (int k = 0; k < MADT_NODDITIES; k++) {
		char text[256], q[300], rule[200], lx[200];

		if (!m->odd[k].count)
			continue;
		madt_oddity_text(m, (enum madt_oddity)k, text, sizeof(text));
		fmt_quote(q, sizeof(q), text);
		fmt_quote(rule, sizeof(rule), madt_oddity_rules[k]);
		fmt_quote(lx, sizeof(lx), madt_oddity_linux[k]);
		/* A finding carries the line Linux prints; Linux is silent on a note. */
		if (madt_is_finding((enum madt_oddity)k))
			ev(EV_MADT_FINDING,
			   "kind=%s count=%u apic=%#x offset=%u linux=%s rule=%s msg=%s",
			   madt_oddity_names[k], m->odd[k].count, m->odd[k].value, m->odd[k].off,
			   lx, rule, q);
		else
			ev(EV_MADT_NOTE, "kind=%s count=%u apic=%#x offset=%u rule=%s msg=%s",
			   madt_oddity_names[k], m->odd[k].count, m->odd[k].value, m->odd[k].off,
			   rule, q);
	}
}
