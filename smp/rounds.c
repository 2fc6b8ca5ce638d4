/* SPDX-License-Identifier: MIT */
#include "rounds.h"

#include "../console/ktap.h"
#include "../console/log.h"
#include "../lib/fmt.h"
#include "../tsc/freq.h"
#include "cpus.h"
#include "report_core.h"

/* The per-CPU columns: every phase, then the CPU's total. */
#define COLS	  (PH_COUNT + 1)
#define COL_TOTAL PH_COUNT

static uint32_t samples[ROUNDS_MAX_SAMPLES];
static uint32_t bringup[1000]; /* each round's whole bringup, the knob's maximum */
/* A row (one CPU in one round) that holds no phases: the CPU failed that round. */
static uint8_t lost_row[ROUNDS_MAX_SAMPLES / COLS / 8 + 1];
static uint16_t slots[SMP_MAX_CPUS], fails[SMP_MAX_CPUS];
static unsigned naps, rounds, ran, bad_rounds;

int rounds_begin(unsigned n, char *why, size_t size)
{
	naps = ran = bad_rounds = 0;
	rounds = n;
	for (unsigned i = 1; i < ncpus; i++)
		if (cpus[i].enabled)
			slots[naps++] = (uint16_t)i;
	if (n > sizeof(bringup) / sizeof(bringup[0]) ||
	    (uint64_t)n * naps * COLS > ROUNDS_MAX_SAMPLES) {
		fmt_buf(why, size,
			"rounds=%u with %u APs keeps %llu phase samples; this image keeps %u: "
			"at most %u rounds here",
			n, naps, (unsigned long long)n * naps * COLS, ROUNDS_MAX_SAMPLES,
			naps ? ROUNDS_MAX_SAMPLES / (naps * COLS) : 0);
		return -1;
	}
	for (unsigned a = 0; a < naps; a++)
		fails[a] = 0;
	for (unsigned i = 0; i < sizeof(lost_row); i++)
		lost_row[i] = 0;
	return 0;
}

static uint32_t clamp(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static int failed(const struct cpu *c)
{
	return !c->online || c->timed_out || c->excepted;
}

void rounds_add(unsigned k, const struct smp_params *p, const struct smp_result *r,
		unsigned init_sent, unsigned parked)
{
	char who[96];
	size_t o = 0;
	unsigned online = 1, lost = 0;
	uint64_t cycles = r->last_online > r->first_kick
				  ? r->last_online - r->first_kick - r->drain_in_window
				  : 0;

	who[0] = '\0';
	for (unsigned a = 0; a < naps; a++) {
		const struct cpu *c = &cpus[slots[a]];
		unsigned at = (k - 1) * naps + a;
		uint32_t *row = &samples[at * COLS];
		uint64_t ph[PH_COUNT], total = 0;

		if (failed(c)) {
			lost_row[at / 8] |= (uint8_t)(1u << (at % 8));
			fails[a]++;
			lost++;
			if (o + 16 < sizeof(who))
				o += fmt_buf(who + o, sizeof(who) - o, "%s%u(%#x)", o ? "," : "",
					     slots[a], c->apic);
			continue;
		}
		online++;
		smp_cpu_phases(c, p, ph);
		/* The total as ev=ap gives it: the waits after the kick. */
		for (int i = 0; i < PH_COUNT; i++) {
			row[i] = clamp(ph[i]);
			total += i == PH_KICK ? 0 : ph[i];
		}
		row[COL_TOTAL] = clamp(total);
	}
	bringup[k - 1] = clamp(cycles);
	ran = k;
	bad_rounds += lost != 0;
	ev(EV_ROUND,
	   "n=%u of=%u flow=%s cpus=%u/%u cycles=%llu us=%llu init=%u failed=%s parked=%u", k,
	   rounds, flow_names[p->flow], online, naps + 1, (unsigned long long)cycles,
	   (unsigned long long)tsc_cycles_to_us(cycles), init_sent, lost ? who : "none", parked);
}

/* Sorts v[0..n) in place: n is at most the knob's 1000, a Shell sort is plenty. */
static void sort(uint32_t *v, unsigned n)
{
	for (unsigned gap = n / 2; gap; gap /= 2)
		for (unsigned i = gap; i < n; i++)
			for (unsigned j = i; j >= gap && v[j - gap] > v[j]; j -= gap) {
				uint32_t t = v[j];

				v[j] = v[j - gap];
				v[j - gap] = t;
			}
}

/* min, median (the lower middle one when n is even) and max of what was kept. */
static void stats_line(const char *who, const char *phase, uint32_t *v, unsigned n, unsigned nfails)
{
	sort(v, n);
	ev(EV_ROUNDS, "%s phase=%s n=%u min=%u median=%u max=%u fails=%u", who, phase, n,
	   n ? v[0] : 0, n ? v[(n - 1) / 2] : 0, n ? v[n - 1] : 0, nfails);
}

int rounds_report(void)
{
	static uint32_t col[1000];
	char who[48], worst[160];
	size_t o = 0;

	worst[0] = '\0';
	for (unsigned a = 0; a < naps; a++) {
		const struct cpu *c = &cpus[slots[a]];

		fmt_buf(who, sizeof(who), "cpu=%u apic=%#x", slots[a], c->apic);
		for (unsigned ph = 0; ph < COLS; ph++) {
			unsigned n = 0;

			for (unsigned k = 0; k < ran; k++) {
				unsigned at = k * naps + a;

				if (!(lost_row[at / 8] & (1u << (at % 8))))
					col[n++] = samples[at * COLS + ph];
			}
			stats_line(who, ph == COL_TOTAL ? "total" : phase_names[ph], col, n,
				   fails[a]);
		}
		if (fails[a] && o + 24 < sizeof(worst))
			o += fmt_buf(worst + o, sizeof(worst) - o, "%sCPU%u(%#x) %u times",
				     o ? ", " : "", slots[a], c->apic, fails[a]);
	}
	for (unsigned k = 0; k < ran; k++)
		col[k] = bringup[k];
	stats_line("cpu=all", "bringup", col, ran, bad_rounds);
	if (bad_rounds)
		ktap_check(0, "rounds_all_online", "%u of %u rounds lost a CPU: %s", bad_rounds,
			   ran, worst);
	else
		ktap_check(ran == rounds, "rounds_all_online",
			   "%u of %u rounds brought every one of %u APs online", ran, rounds, naps);
	return bad_rounds == 0 && ran == rounds;
}
