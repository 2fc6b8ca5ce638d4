/* SPDX-License-Identifier: MIT */
#include "apicid.h"

#include "../boot/trampoline.h"
#include "../console/log.h"
#include "../include/hw/msr.h"
#include "../lib/fmt.h"
#include "cpus.h"
#include "report_row.h"

_Static_assert(APIC_TRUTH_NO_LEAF == AP_NO_X2_LEAF, "one value for 'no x2APIC leaf'");
_Static_assert(APICID_SRC_REGISTER == AP_ID_SOURCE_REGISTER &&
		       APICID_SRC_CPUID1 == AP_ID_SOURCE_CPUID1 &&
		       APICID_SRC_CPUID_B == AP_ID_SOURCE_CPUID_B,
	       "apicid_source= values are the trampoline's");

static const char *mode_of(uint64_t base)
{
	if (!(base & APIC_BASE_ENABLE))
		return "disabled";
	return base & APIC_BASE_X2APIC ? "x2apic" : "xapic";
}

static const char *hex_or(char *buf, size_t size, int known, uint32_t v, const char *otherwise)
{
	if (!known)
		return otherwise;
	fmt_buf(buf, size, "%#x", v);
	return buf;
}

/* Linux's FW_BUG lines (cpu_parse_topology), with its widths, so a grep for them finds ours. */
static unsigned disagreements(unsigned cpu, uint32_t initial, int64_t madt, uint32_t reg)
{
	unsigned n = 0;

	if (initial != reg) {
		log_line("# [Firmware Bug]: CPU%4u: APIC ID mismatch. CPUID: 0x%04x APIC: 0x%04x",
			 cpu, initial, reg);
		n++;
	}
	if (madt >= 0 && (uint32_t)madt != reg) {
		log_line(
			"# [Firmware Bug]: CPU%4u: APIC ID mismatch. Firmware: 0x%04x APIC: 0x%04x",
			cpu, (uint32_t)madt, reg);
		n++;
	}
	return n;
}

unsigned apicid_log_bsp(const struct apic_truth *t, int64_t madt, int locked)
{
	char m[16], x[16], r[16];
	uint64_t b = t->apic_base;

	ev(EV_APICID,
	   "cpu=0 madt=%s cpuid1=%#x cpuid_x2=%s reg=%s apic_base=%#llx bsp=%d en=%d extd=%d "
	   "mode=%s x2apic_locked=%d",
	   hex_or(m, sizeof(m), madt >= 0, (uint32_t)madt, "none"), t->cpuid1,
	   hex_or(x, sizeof(x), t->cpuid_x2 != APIC_TRUTH_NO_LEAF, t->cpuid_x2, "none"),
	   hex_or(r, sizeof(r), t->reg_known, t->reg, "unknown"), (unsigned long long)b,
	   !!(b & APIC_BASE_BSP), !!(b & APIC_BASE_ENABLE), !!(b & APIC_BASE_X2APIC), mode_of(b),
	   locked);
	if (!t->reg_known)
		return 0;
	return disagreements(0, apic_truth_cpuid(t), madt, t->reg);
}

/* The mixed state, named per AP: its mode at trampoline entry against the BSP's. */
static void name_mode(unsigned cpu, const struct ap_crumbs *cr, int bsp_x2apic)
{
	int ap_x2apic = (cr->apic_base & APIC_BASE_ENABLE) && (cr->apic_base & APIC_BASE_X2APIC);

	if (bsp_x2apic && !ap_x2apic)
		log_line("# CPU%4u: mixed APIC mode: firmware left the BSP in x2APIC and this AP "
			 "in %s (IA32_APIC_BASE %#llx at trampoline entry)",
			 cpu, mode_of(cr->apic_base), (unsigned long long)cr->apic_base);
	else if (!bsp_x2apic && ap_x2apic)
		log_line("# CPU%4u: this AP was in x2APIC mode at trampoline entry (INIT keeps "
			 "it); it read its ID by MSR and followed the run's mode",
			 cpu);
	if (cr->mode_kept)
		log_line("# CPU%4u: fault=apic-mode left this AP in xAPIC while the run is x2APIC",
			 cpu);
}

unsigned apicid_report_aps(enum apicid_source src, int bsp_x2apic)
{
	uint32_t n = trampoline_tickets();
	unsigned bad = 0;

	for (uint32_t t = 0; t < n && t < AP_MAX_TICKETS; t++) {
		const struct ap_crumbs *cr = &ap_crumbs[t];
		char c[16], x[16], s[16];
		int slot;
		int64_t madt;

		if (cr->last < AP_STEP_APICID && !cr->parked)
			continue;
		/*
		 * Until the slot step an AP has written no slot (parked, or stopped
		 * before it): the CPU the MADT lists under its register is the one.
		 */
		slot = cr->parked || cr->last < AP_STEP_SLOT ? cpus_slot_of(cr->apic)
							     : (int)cr->slot;
		madt = slot >= 0 ? (int64_t)cpus[slot].apic : -1;
		ev(EV_APICID,
		   "cpu=%s ticket=%u madt=%s cpuid1=%#x cpuid_x2=%s reg=%#x apic_base=%#llx bsp=%d "
		   "en=%d extd=%d mode=%s lookup=%s key=%#x found=%d%s",
		   slot >= 0 ? (fmt_buf(c, sizeof(c), "%d", slot), c) : "none", t,
		   hex_or(s, sizeof(s), madt >= 0, (uint32_t)madt, "none"), cr->cpuid1,
		   hex_or(x, sizeof(x), cr->cpuid_x2 != AP_NO_X2_LEAF, cr->cpuid_x2, "none"),
		   cr->apic, (unsigned long long)cr->apic_base, !!(cr->apic_base & APIC_BASE_BSP),
		   !!(cr->apic_base & APIC_BASE_ENABLE), !!(cr->apic_base & APIC_BASE_X2APIC),
		   mode_of(cr->apic_base), apicid_source_names[src], cr->key, !cr->parked,
		   cr->mode_kept ? " mode_kept=xapic" : "");
		/* Without a slot the lines below name the ticket; no CPU number is made up. */
		if (slot >= 0)
			bad += disagreements((unsigned)slot, cr->cpuid_apic, madt, cr->apic);
		if (cr->parked)
			log_line("# %s%4u: looked its slot up by %s ID %#x, which no CPU of the "
				 "MADT "
				 "has; parked (APIC ID register %#x, CPUID.1 %#x)",
				 slot >= 0 ? "CPU" : "ticket ", slot >= 0 ? (unsigned)slot : t,
				 apicid_source_names[src], cr->key, cr->apic, cr->cpuid1);
		if (slot >= 0)
			name_mode((unsigned)slot, cr, bsp_x2apic);
		if (slot >= 0 && cpus[slot].mode_wrong)
			log_line("# CPU%4u: APIC mode mismatch: in xAPIC while the run is x2APIC; "
				 "stopped before its first APIC access (it would #GP)",
				 (unsigned)slot);
	}
	return bad;
}

/* After a bringup: the truth table's AP rows; their disagreements are findings, not failures. */
unsigned apicid_report(const struct report_ctx *x)
{
	(void)apicid_report_aps(x->p->apicid_source, x->p->bsp_fw_x2apic);
	return 0;
}
