/* SPDX-License-Identifier: MIT */
/*
 * The TSC frequency's choice (tsc/choose.c, docs/tsc.md): each source's
 * answer as the hardware side would leave it, then which one is taken and
 * why, and the refusal that names every source when none is credible.
 */
#include "../../tsc/choose.h"
#include "unit.h"

#define GHZ26 2600000000ull

static struct tsc_freq f;

/* Every source without an answer, each with its own reason. */
static void none(void)
{
	memset(&f, 0, sizeof(f));
	tsc_reject(&f.cand[TSC_SRC_CPUID15], "CPUID stops at leaf %#x", 0xd);
	tsc_reject(&f.cand[TSC_SRC_CPUID16], "CPUID stops at leaf %#x", 0xd);
	tsc_reject(&f.cand[TSC_SRC_HPET], "no HPET table in the RSDT");
	tsc_reject(&f.cand[TSC_SRC_PMTIMER], "FADT: hardware-reduced ACPI, which has no PM timer");
}

static void answer(enum tsc_source s, uint64_t hz)
{
	f.cand[s].hz = hz;
	f.cand[s].why_not[0] = '\0';
}

/* QEMU's pit=off,hpet=off as the image saw it: port 0x61 reads 0xFF, the count "ends" at once. */
static void test_no_clock(void)
{
	char msg[TSC_REFUSAL_LEN];

	none();
	f.cand[TSC_SRC_PIT].hz = 579000;
	tsc_reject(&f.cand[TSC_SRC_PIT], "OUT2 was high as the count began: no PIT counting");
	tsc_choose(&f);
	CHECK(f.hz == 0 && !strcmp(f.source, "none"), "no credible source: hz 0, source none",
	      "hz=%llu source=%s", (unsigned long long)f.hz, f.source);
	tsc_refusal(&f, msg, sizeof(msg));
	CHECK_STR(msg,
		  "no credible source: cpuid-15: CPUID stops at leaf 0xd; pmtimer: FADT: "
		  "hardware-reduced ACPI, which has no PM timer; hpet: no HPET table in the RSDT; "
		  "pit: OUT2 was high as the count began: no PIT counting; cpuid-16: CPUID stops "
		  "at leaf 0xd",
		  "refusal names every source and its reason");
}

static void test_range(void)
{
	none();
	answer(TSC_SRC_PIT, 579000);
	tsc_choose(&f);
	CHECK(f.hz == 0, "579 kHz alone: refused", "hz=%llu", (unsigned long long)f.hz);
	CHECK_STR(f.cand[TSC_SRC_PIT].why_not,
		  "579000 Hz is below 1000000 Hz: no TSC runs that slow", "579 kHz: named");
	none();
	answer(TSC_SRC_PIT, 30000000000ull);
	tsc_choose(&f);
	CHECK_HAS(f.cand[TSC_SRC_PIT].why_not, "is above 20000000000 Hz", "30 GHz: refused");
	none();
	answer(TSC_SRC_PIT, 1000000);
	tsc_choose(&f);
	CHECK_UINT(f.hz, 1000000, "1 MHz exactly: believed (the bound is inclusive)");
}

static void test_only_one(void)
{
	none();
	tsc_reject(&f.cand[TSC_SRC_PIT], "OUT2 was high as the count began: no PIT counting");
	answer(TSC_SRC_PMTIMER, GHZ26);
	tsc_choose(&f);
	CHECK(f.hz == GHZ26 && !strcmp(f.source, "pmtimer") &&
		      !strcmp(f.why, "the only credible source") && f.spread_ppm == 0,
	      "PM timer alone: taken, and said so", "hz=%llu source=%s why=%s",
	      (unsigned long long)f.hz, f.source, f.why);
}

static void test_agreement(void)
{
	none();
	answer(TSC_SRC_HPET, GHZ26 + 2600000); /* +1000 ppm */
	answer(TSC_SRC_PIT, GHZ26 - 2600000);
	answer(TSC_SRC_PMTIMER, GHZ26);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "pmtimer") && f.hz == GHZ26 &&
		      !strcmp(f.why, "agrees with hpet within 1000 ppm"),
	      "three clocks agree: the PM timer first", "source=%s why=%s", f.source, f.why);
	CHECK_UINT(f.spread_ppm, 2002, "spread over the credible answers");
	answer(TSC_SRC_CPUID15, GHZ26 + 26000);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "cpuid-15") && !strcmp(f.why, "agrees with pmtimer within 10 ppm"),
	      "leaf 0x15 confirmed by a clock: taken", "source=%s why=%s", f.source, f.why);
	answer(TSC_SRC_CPUID15, 2 * GHZ26);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "pmtimer"), "leaf 0x15 that no clock confirms: passed over",
	      "source=%s why=%s", f.source, f.why);
	answer(TSC_SRC_CPUID16, 2 * GHZ26);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "pmtimer"), "leaves 0x15 and 0x16 agreeing: no confirmation",
	      "source=%s why=%s", f.source, f.why);
	none();
	answer(TSC_SRC_CPUID15, GHZ26);
	answer(TSC_SRC_CPUID16, GHZ26);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "cpuid-15") && !strcmp(f.why, "no credible clock to confirm it"),
	      "CPUID alone: leaf 0x15, unconfirmed", "source=%s why=%s", f.source, f.why);
}

/* The bound is TSC_AGREE_PPM, inclusive: 50000 ppm agree, 50001 do not. */
static void test_bound(void)
{
	none();
	answer(TSC_SRC_HPET, 1000000000);
	answer(TSC_SRC_PIT, 1050000000);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "hpet") && !strcmp(f.why, "agrees with pit within 50000 ppm"),
	      "5% apart: agree", "source=%s why=%s", f.source, f.why);
	answer(TSC_SRC_PIT, 1050000001);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "pit") &&
		      !strcmp(f.why,
			      "none agree within 50000 ppm: by rule pit, hpet, pmtimer, cpuid"),
	      "just past 5%: disagree, the PIT by rule (Linux in doubt)", "source=%s why=%s",
	      f.source, f.why);
}

/*
 * Linux's pit_hpet_ptimer_calibrate_cpu(): PIT and reference deviating, the
 * PIT; the PIT failed, the reference (the HPET before the PM timer).
 */
static void test_pit_in_doubt(void)
{
	none();
	answer(TSC_SRC_HPET, GHZ26);
	answer(TSC_SRC_PMTIMER, GHZ26 * 2);
	answer(TSC_SRC_PIT, GHZ26 / 2 * 3);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "pit") && f.hz == GHZ26 / 2 * 3,
	      "HPET, PM timer and PIT all disagree: the PIT", "source=%s hz=%llu why=%s", f.source,
	      (unsigned long long)f.hz, f.why);
	tsc_reject(&f.cand[TSC_SRC_PIT], "the count did not end");
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "hpet"), "the PIT rejected, HPET and PM timer disagree: the HPET",
	      "source=%s why=%s", f.source, f.why);
	none();
	answer(TSC_SRC_PMTIMER, GHZ26);
	answer(TSC_SRC_PIT, GHZ26 * 2);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "pit"), "PM timer and PIT disagree: the PIT", "source=%s",
	      f.source);
}

/* A PM timer counting at twice its rate makes the TSC look half as fast. */
static void test_double_speed_pmtimer(void)
{
	none();
	answer(TSC_SRC_PMTIMER, GHZ26 / 2);
	answer(TSC_SRC_PIT, GHZ26);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "pit") && f.hz == GHZ26 && f.spread_ppm == 1000000,
	      "PM timer at 2x against the PIT alone: the PIT", "source=%s hz=%llu why=%s", f.source,
	      (unsigned long long)f.hz, f.why);
	answer(TSC_SRC_HPET, GHZ26 + 1000);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "hpet") && !strcmp(f.why, "agrees with pit within 0 ppm"),
	      "PM timer at 2x, HPET and PIT agree: the HPET", "source=%s why=%s", f.source, f.why);
	none();
	answer(TSC_SRC_CPUID15, GHZ26);
	answer(TSC_SRC_PMTIMER, GHZ26 / 2);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "pmtimer"), "a clock against leaf 0x15 alone: the clock",
	      "source=%s", f.source);
	none();
	answer(TSC_SRC_CPUID16, GHZ26);
	answer(TSC_SRC_CPUID15, GHZ26 / 2);
	tsc_choose(&f);
	CHECK(!strcmp(f.source, "cpuid-15"), "leaf 0x15 against leaf 0x16 alone: leaf 0x15",
	      "source=%s", f.source);
}

static void test_window(void)
{
	CHECK_INT(tsc_window_ok(130000000, 130000), 1, "error 1000 ppm of the window: believed");
	CHECK_INT(tsc_window_ok(130000000, 130001), 0, "error just above 1000 ppm: not believed");
	CHECK_INT(tsc_window_ok(0, 0), 0, "an empty window: not believed");
	CHECK_INT(tsc_window_ok(100, 200), 0, "an error larger than the window: not believed");
}

static void test_reject(void)
{
	struct tsc_candidate c = { 0 };
	char msg[TSC_REFUSAL_LEN];

	tsc_reject(&c, "first");
	tsc_reject(&c, "second");
	CHECK_STR(c.why_not, "first", "the first reason stands");
	memset(&c, 0, sizeof(c));
	tsc_reject(&c, "%s", "");
	CHECK_STR(c.why_not, "rejected", "an empty reason still rejects");
	/* Five reasons as long as they may be: the refusal is cut, never overrun. */
	memset(&f, 0, sizeof(f));
	for (int i = 0; i < TSC_SRC_COUNT; i++)
		memset(f.cand[i].why_not, 'x', TSC_WHY_LEN - 1);
	tsc_choose(&f);
	tsc_refusal(&f, msg, sizeof(msg));
	CHECK(strlen(msg) < sizeof(msg) && strstr(msg, "cpuid-16: xxx"),
	      "longest reasons: the refusal still names the last source", "len=%zu", strlen(msg));
}

int main(void)
{
	unit_begin();
	test_no_clock();
	test_range();
	test_only_one();
	test_agreement();
	test_bound();
	test_pit_in_doubt();
	test_double_speed_pmtimer();
	test_window();
	test_reject();
	return unit_done();
}
