/* SPDX-License-Identifier: MIT */
#include "warmreset.h"

#include "../boot/cmos.h"
#include "../boot/reset.h"
#include "../boot/trampoline.h"
#include "../console/console.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../lib/wait.h"
#include "../tsc/freq.h"
#include "report_row.h"

static struct warm_reset_state found;
static int have_found;
static unsigned restores;

static void log_state(enum cmos_when when, const struct warm_reset_state *s)
{
	ev(EV_CMOS, "when=%s reg0f=%#04x vector=%04x:%04x", cmos_when_names[when], s->reg0f,
	   s->segment, s->offset);
}

void warm_reset_found(void)
{
	warm_reset_read(&found);
	have_found = 1;
	log_state(CMOS_FOUND, &found);
}

void warm_reset_setup(struct cpu *c)
{
	struct warm_reset_state now;
	uint16_t seg = (uint16_t)(trampoline_base() >> 4);

	if (!have_found)
		return;
	warm_reset_arm(seg, &found);
	warm_reset_read(&now);
	if (c) {
		/* Inside the kick: the values are kept and logged with the CPU's report. */
		c->wr_set = 1;
		c->wr_reg0f = now.reg0f;
		c->wr_seg = now.segment;
		c->wr_off = now.offset;
		return;
	}
	ev(EV_CMOS,
	   "when=setup write_reg0f=%#04x write_vector=%04x:0000 reg0f=%#04x vector=%04x:%04x",
	   CMOS_SHUTDOWN_JUMP, seg, now.reg0f, now.segment, now.offset);
}

static int realmode_reached(const void *ctx)
{
	return trampoline_count(STEP_REALMODE) >= *(const uint32_t *)ctx;
}

/* A per-cpu setup, kept during its kick, is logged before the disarm: the two read as steps. */
static void log_setup(struct cpu *c)
{
	if (c->wr_set != 1)
		return;
	ev(EV_CMOS, "when=setup cpu=%u write_reg0f=%#04x reg0f=%#04x vector=%04x:%04x",
	   (unsigned)(c - cpus), CMOS_SHUTDOWN_JUMP, c->wr_reg0f, c->wr_seg, c->wr_off);
	c->wr_set = 2;
}

void warm_reset_disarm_after(struct cpu *const *kicked, unsigned n, uint32_t base,
			     uint64_t timeout_cycles)
{
	struct wait_bound b = wait_cycles(timeout_cycles);
	uint32_t aps = n, want = base + aps, past;
	struct warm_reset_state now;
	enum disarm_reason why;
	char who[16] = "";

	if (!warm_reset_armed())
		return;
	why = wait_until(realmode_reached, &want, b, NULL) ? DISARM_ALL_PAST_REALMODE
							   : DISARM_TIMEOUT;
	if (!warm_reset_disarm())
		return;
	restores++;
	past = trampoline_count(STEP_REALMODE) - base;
	warm_reset_read(&now);
	for (unsigned i = 0; i < n; i++)
		log_setup(kicked[i]);
	/* One AP's own disarm (per-cpu, one kick) names it. */
	if (n == 1 && kicked[0]->wr_set)
		fmt_buf(who, sizeof(who), " cpu=%u", (unsigned)(kicked[0] - cpus));
	/* A ring write, not a print: the consoles get it at the next phase boundary. */
	ev(EV_CMOS,
	   "when=disarm%s reason=%s past=%u/%u waited_us=%llu reg0f=%#04x vector=%04x:%04x", who,
	   disarm_reason_names[why], past < aps ? past : aps, aps,
	   (unsigned long long)tsc_cycles_to_us(wait_now() - b.start), now.reg0f, now.segment,
	   now.offset);
	if (why == DISARM_TIMEOUT)
		log_line("# warm reset: %u of %u kicked APs not past realmode within timeout_ms; "
			 "CMOS put back anyway",
			 aps - (past < aps ? past : aps), aps);
}

void warm_reset_restore(void)
{
	/* Counted, not logged: the flow's disarms log themselves, the case's end logs the sum. */
	restores += (unsigned)warm_reset_disarm();
}

void warm_reset_leave(void)
{
	if (!warm_reset_disarm())
		return;
	restores++;
	ev(EV_CMOS, "when=restore reason=exit count=%u reg0f=%#04x vector=%04x:%04x", restores,
	   found.reg0f, found.segment, found.offset);
}

void warm_reset_log_restores(void)
{
	ev(EV_CMOS, "when=restore count=%u reg0f=%#04x vector=%04x:%04x", restores, found.reg0f,
	   found.segment, found.offset);
}

int warm_reset_after(void)
{
	struct warm_reset_state now;

	warm_reset_read(&now);
	log_state(CMOS_AFTER, &now);
	return have_found && now.reg0f == found.reg0f && now.segment == found.segment &&
	       now.offset == found.offset;
}

void warm_reset_fault_reset(const struct cpu *c, enum phase ph)
{
	struct warm_reset_state now;

	warm_reset_read(&now);
	ev(EV_RESET, "fault=reset cpu=%u apic=%#x phase=%s reg0f=%#04x vector=%04x:%04x",
	   (unsigned)(c - cpus), c->apic, phase_names[ph], now.reg0f, now.segment, now.offset);
	log_line("# fault=reset: the BSP resets the machine (triple fault), as a hand on the reset "
		 "button would after a hang");
	log_drain();
	con_flush();
	cpu_triple_fault();
}

/* warm_reset=per-cpu: the setup for this CPU, unless its disarm has logged it already. */
void warm_reset_report_cpu(unsigned slot, const struct cpu *c, const struct report_ctx *x)
{
	(void)x;
	if (c->wr_set == 1)
		ev(EV_CMOS, "when=setup cpu=%u write_reg0f=0x0a reg0f=%#04x vector=%04x:%04x", slot,
		   c->wr_reg0f, c->wr_seg, c->wr_off);
}
