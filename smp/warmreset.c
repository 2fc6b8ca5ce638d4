/* SPDX-License-Identifier: MIT */
#include "warmreset.h"

#include "../boot/cmos.h"
#include "../boot/trampoline.h"
#include "../console/log.h"

static struct warm_reset_state found;
static int have_found, armed;
static unsigned restores;

static void log_state(const char *when, const struct warm_reset_state *s)
{
	ev(EV_CMOS, "when=%s reg0f=%#04x vector=%04x:%04x", when, s->reg0f, s->segment, s->offset);
}

void warm_reset_found(void)
{
	warm_reset_read(&found);
	have_found = 1;
	log_state("found", &found);
}

void warm_reset_setup(struct cpu *c)
{
	struct warm_reset_state now;
	uint16_t seg = (uint16_t)(trampoline_base() >> 4);

	warm_reset_write(CMOS_SHUTDOWN_JUMP, seg, 0);
	armed = 1;
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

void warm_reset_restore(void)
{
	if (!have_found || !armed)
		return;
	warm_reset_write(found.reg0f, found.segment, found.offset);
	armed = 0;
	/* Counted, not logged: a per-CPU restore sits between two timed windows. */
	restores++;
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
	log_state("after", &now);
	return have_found && now.reg0f == found.reg0f && now.segment == found.segment &&
	       now.offset == found.offset;
}
