/* SPDX-License-Identifier: MIT */
#include "mce.h"

#include "../arch/cpu.h"
#include "../arch/vendor.h"
#include "../console/log.h"
#include "../console/screen.h"
#include "../include/events.h"
#include "../include/hw/cr.h"

#define MCE_RECS_MAX 128

static struct mce_rec recs[MCE_RECS_MAX];
static volatile uint32_t nrecs, dropped;
static mce_where_fn where;

void mce_set_where(mce_where_fn fn)
{
	where = fn;
}

unsigned mce_records(void)
{
	uint32_t n = __atomic_load_n(&nrecs, __ATOMIC_ACQUIRE);

	return n < MCE_RECS_MAX ? n : MCE_RECS_MAX;
}

/* Claims a record; NULL when they ran out (counted). Any CPU, any context: no lock. */
static struct mce_rec *claim(void)
{
	uint32_t i = __atomic_fetch_add(&nrecs, 1, __ATOMIC_ACQ_REL);

	if (i >= MCE_RECS_MAX) {
		__atomic_fetch_add(&dropped, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	return &recs[i];
}

/* A valid bank's status, address and misc as the status says they are valid. */
static struct mce_rec *record(uint32_t apic, unsigned bank, uint64_t status, enum mce_when when)
{
	struct mce_rec *r = claim();

	if (!r)
		return NULL;
	r->apic = apic;
	r->bank = bank;
	r->when = when;
	r->status = status;
	r->tsc = rdtsc();
	r->step = STEP_NONE;
	r->phase = PH_COUNT;
	if (status & MC_STATUS_ADDRV)
		(void)rdmsr_safe(MSR_IA32_MC_ADDR(bank), &r->addr);
	if (status & MC_STATUS_MISCV)
		(void)rdmsr_safe(MSR_IA32_MC_MISC(bank), &r->misc);
	(void)rdmsr_safe(MSR_IA32_MCG_STATUS, &r->mcg_status);
	return r;
}

static void publish(struct mce_rec *r)
{
	__atomic_store_n(&r->ready, 1, __ATOMIC_RELEASE);
}

static unsigned bank_count(void)
{
	uint64_t cap;

	if (!(cpuid(1, 0).edx & CPUID_1_EDX_MCA) || rdmsr_safe(MSR_IA32_MCG_CAP, &cap))
		return 0;
	return (cap & MCG_CAP_COUNT_MASK) < MCA_BANKS_MAX ? (unsigned)(cap & MCG_CAP_COUNT_MASK)
							  : MCA_BANKS_MAX;
}

/* Intel P6 before model 1AH: bank 0's CTL belongs to the BIOS (SDM vol. 3, 16.8; Linux too). */
static int bank0_firmware_owned(void)
{
	struct cpuid_regs r = cpuid(1, 0);
	unsigned family = (r.eax >> 8) & 0xf, model = ((r.eax >> 4) & 0xf) | ((r.eax >> 12) & 0xf0);

	return cpu_vendor_of(cpuid(0, 0)) == CPU_VENDOR_INTEL && family == 6 && model < 0x1a;
}

/* Whether this boot's #MC handler recorded that error already (a bank it left for the next). */
static int seen_this_boot(uint32_t apic, unsigned bank, uint64_t status)
{
	for (unsigned i = 0; i < mce_records(); i++)
		if (recs[i].ready && recs[i].when == MCE_WHEN_MC && recs[i].apic == apic &&
		    recs[i].bank == bank && recs[i].status == status)
			return 1;
	return 0;
}

int mce_setup_here(void)
{
	uint64_t cap = 0, status;
	unsigned banks = bank_count(), apic = cpu_apic_id();

	if (!(cpuid(1, 0).edx & CPUID_1_EDX_MCE))
		return -1;
	if (banks && rdmsr_safe(MSR_IA32_MCG_CAP, &cap) == 0 && (cap & MCG_CAP_CTL_P))
		(void)wrmsr_safe(MSR_IA32_MCG_CTL, ~0ull);
	/*
	 * Linux's machine_check_poll at init: what the banks hold now is from before this boot,
	 * unless this boot's #MC handler found it there first (a broadcast before this CPU's
	 * callin), which is kept for the next boot as the handler keeps it.
	 */
	for (unsigned b = 0; b < banks; b++) {
		struct mce_rec *r;
		int keep = 0;

		if (rdmsr_safe(MSR_IA32_MC_STATUS(b), &status) == 0 && (status & MC_STATUS_VAL)) {
			keep = seen_this_boot(apic, b, status);
			r = keep ? NULL : record(apic, b, status, MCE_WHEN_BOOT);
			if (r)
				publish(r);
		}
		if (b > 0 || !bank0_firmware_owned())
			(void)wrmsr_safe(MSR_IA32_MC_CTL(b), ~0ull);
		if (!keep)
			(void)wrmsr_safe(MSR_IA32_MC_STATUS(b), 0);
	}
	write_cr4(read_cr4() | CR4_MCE);
	return (int)banks;
}

int mce_handle(uint64_t rip, uint32_t apic, const char *bsp_step)
{
	struct mce_rec *mine[MCA_BANKS_MAX];
	unsigned banks = bank_count(), n = 0;
	uint64_t mcg = 0, status;
	int go_on;

	(void)rdmsr_safe(MSR_IA32_MCG_STATUS, &mcg);
	go_on = !!(mcg & MCG_STATUS_RIPV);
	for (unsigned b = 0; b < banks; b++) {
		if (rdmsr_safe(MSR_IA32_MC_STATUS(b), &status) || !(status & MC_STATUS_VAL))
			continue;
		go_on = go_on && !(status & MC_STATUS_PCC);
		mine[n] = record(apic, b, status, MCE_WHEN_MC);
		if (mine[n])
			n++;
	}
	for (unsigned i = 0; i < n; i++) {
		mine[i]->rip = rip;
		mine[i]->stopped = !go_on;
		mine[i]->bsp_step = bsp_step;
		if (!bsp_step && where)
			where(apic, mine[i]);
		publish(mine[i]);
	}
	/*
	 * The banks are left as they are, as Linux leaves them after a fatal one: the next
	 * boot finds the error there if this one does not get to tell. Only MCIP is cleared,
	 * so a second machine check is an #MC again and not a shutdown.
	 */
	if (go_on)
		(void)wrmsr_safe(MSR_IA32_MCG_STATUS, 0);
	return go_on;
}

const struct mce_rec *mce_first_mc(unsigned first, unsigned *count)
{
	const struct mce_rec *r = NULL;

	*count = 0;
	for (unsigned i = first; i < mce_records(); i++) {
		if (!recs[i].ready || recs[i].when != MCE_WHEN_MC)
			continue;
		if (!r)
			r = &recs[i];
		++*count;
	}
	return r;
}

static const char *phase_word(const struct mce_rec *r)
{
	return r->phase < PH_COUNT ? phase_names[r->phase] : "up";
}

unsigned mce_log_new(int (*slot_of)(uint32_t apic))
{
	unsigned mcs = 0;

	for (unsigned i = 0; i < mce_records(); i++) {
		struct mce_rec *r = &recs[i];
		int cpu = slot_of ? slot_of(r->apic) : 0;
		const char *when = r->when == MCE_WHEN_BOOT ? "boot" : "mc";

		if (!__atomic_load_n(&r->ready, __ATOMIC_ACQUIRE) || r->logged || cpu < 0 ||
		    (!slot_of && r->apic != cpu_apic_id()))
			continue;
		r->logged = 1;
		mcs += r->when == MCE_WHEN_MC;
		ev(EV_MCE,
		   "cpu=%d apic=%#x when=%s bank=%u status=%#llx addr=%#llx misc=%#llx "
		   "mcg_status=%#llx uc=%d pcc=%d step=\"%s\" phase=%s stopped=%d rip=%#llx",
		   cpu, r->apic, when, r->bank, (unsigned long long)r->status,
		   (unsigned long long)r->addr, (unsigned long long)r->misc,
		   (unsigned long long)r->mcg_status, !!(r->status & MC_STATUS_UC),
		   !!(r->status & MC_STATUS_PCC), r->bsp_step ? r->bsp_step : step_names[r->step],
		   r->bsp_step		      ? "bsp"
		   : r->when == MCE_WHEN_BOOT ? "-"
					      : phase_word(r),
		   r->stopped, (unsigned long long)r->rip);
		if (r->when == MCE_WHEN_BOOT)
			screen_diagnosis("CPU %d (APIC %#x): machine check from before this boot, "
					 "bank %u status %#llx",
					 cpu, r->apic, r->bank, (unsigned long long)r->status);
		else
			screen_diagnosis("CPU %d (APIC %#x): machine check, bank %u, at %s (%s)",
					 cpu, r->apic, r->bank,
					 r->bsp_step ? r->bsp_step : step_names[r->step],
					 r->bsp_step ? "bsp" : phase_word(r));
	}
	if (dropped)
		log_line("# %u machine-check records did not fit (%u kept)", dropped, MCE_RECS_MAX);
	return mcs;
}
