/* SPDX-License-Identifier: MIT */
/*
 * Each AP says who it is: the IDs it answers to and the APIC mode the
 * firmware left it in, the same rows a bringup prints (docs/hardware.md,
 * "APIC IDs and modes"), without taking any AP past its C entry.
 */
#include "identify.h"

#include "../boot/exception.h"
#include "../console/ktap.h"
#include "../console/log.h"
#include "../smp/apicid.h"
#include "../smp/cpus.h"
#include "../smp/warmreset.h"
#include "boundary.h"
#include "session.h"

static struct config serial_cfg;
static struct smp_params params;
static struct smp_result result;

/* An AP of this pass stops at c-entry: a fault at a later step would never fire. */
static int faults_reachable(const struct config *cfg)
{
	int ok = 1;

	for (unsigned i = 0; i < cfg->nfaults; i++) {
		const struct fault *f = &cfg->faults[i];
		char text[64];

		if ((f->kind != FAULT_STOP && f->kind != FAULT_EXCEPTION) ||
		    f->step <= STEP_C_ENTRY)
			continue;
		fault_format(f, text, sizeof(text));
		ktap_check(0, "fault",
			   "fault=%s: probe's APs stop at c-entry, so %s is never reached; "
			   "use a bringup case",
			   text, step_names[f->step]);
		ok = 0;
	}
	return ok;
}

static unsigned count(int (*pred)(const struct cpu *))
{
	unsigned n = 0;

	for (unsigned i = 1; i < ncpus; i++)
		n += pred(&cpus[i]) ? 1u : 0u;
	return n;
}

static int is_enabled(const struct cpu *c)
{
	return c->enabled;
}

static int answered(const struct cpu *c)
{
	return c->enabled && c->alive;
}

static int mode_wrong(const struct cpu *c)
{
	return c->mode_wrong;
}

void probe_identify(const struct config *cfg, const struct bootinfo *bi,
		    const struct cpu_enum *found, const struct tsc_features *tf)
{
	unsigned want, got, bad;
	int cmos_ok;

	if (!faults_reachable(cfg))
		return;
	/* One AP at a time, whatever flow= says: the pass asks as little as it can. */
	serial_cfg = *cfg;
	serial_cfg.flow = FLOW_SERIAL;
	if (session_start(&serial_cfg, bi, found, tf, &params))
		return;
	params.identify = 1;
	want = count(is_enabled);
	exception_set_step("probe: identify");
	smp_identify(&params, &result);
	case_boundary(cfg);
	exception_set_step("probe: identify report");
	got = count(answered);
	bad = session_bsp_disagreements() +
	      apicid_report_aps(params.apicid_source, params.bsp_fw_x2apic);
	ktap_check(got == want, "aps_identified", "%u of %u APs reached c-entry and gave their IDs",
		   got, want);
	ktap_check(bad == 0, "apic_ids_agree", "%u disagreements between MADT, CPUID and register",
		   bad);
	ktap_check(count(mode_wrong) == 0, "apic_modes_agree",
		   "%u APs in xAPIC while the BSP runs x2APIC", count(mode_wrong));
	warm_reset_log_restores();
	cmos_ok = warm_reset_after();
	ktap_check(cmos_ok, "cmos_restored",
		   cmos_ok ? NULL : "CMOS 0x0F or 40:67 differ from what was found");
}

void probe_identify_leave(void)
{
	warm_reset_restore();
}
