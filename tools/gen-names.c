/* SPDX-License-Identifier: MIT */
/*
 * Writes build/names.json: every name the image shares with the host side
 * (events, steps, phases, fault kinds and their rows), the knob table and the case table,
 * from the same lists the image is built from (docs/names.md). The Python
 * tests read it instead of keeping copies of their own.
 */
#include <stdio.h>
#include <string.h>

#include "../cases/config.h"
#include "../include/events.h"
#include "../include/exitcode.h"
#include "../include/fault_kinds.h"
#include "../include/knob_values.h"
#include "../include/stick.h"

/* The case table as cases/cases.def has it, the runner's name included. */
static const struct {
	const char *name, *runner;
	unsigned rung;
	const char *title, *knobs;
} cases[] = {
#define CASE(name, runner, rung, title, knobs) { name, #runner, rung, title, knobs },
#include "../cases/cases.def"
#undef CASE
};

/* s as a JSON string, or null. */
static void str(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* "key": [names...], from a NULL-terminated list. */
static void names(const char *key, const char *const *list, int last)
{
	printf("  ");
	str(key);
	printf(": [");
	for (size_t i = 0; list[i]; i++) {
		printf("%s", i ? ", " : "");
		str(list[i]);
	}
	printf("]%s\n", last ? "" : ",");
}

static void knob(const struct knob *k, int last)
{
	printf("    {\"name\": ");
	str(k->name);
	printf(", \"kind\": ");
	str(knob_kind(k));
	if (k->values) {
		printf(", \"values\": [");
		for (size_t i = 0; k->values[i]; i++) {
			printf("%s", i ? ", " : "");
			str(k->values[i]);
		}
		printf("]");
	} else if (k->set == knob_set_uint) {
		printf(", \"min\": %llu, \"max\": %llu", (unsigned long long)k->min,
		       (unsigned long long)k->max);
	} else {
		printf(", \"grammar\": ");
		str(k->grammar);
	}
	printf(", \"default\": ");
	str(k->def);
	printf(", \"help\": ");
	str(k->help);
	printf("}%s\n", last ? "" : ",");
}

/* A row's mask of 1 << index over a list, as a JSON list of names. */
static void mask_names(const char *const *list, unsigned n, unsigned mask)
{
	int first = 1;

	putchar('[');
	for (unsigned i = 0; i < n; i++) {
		if (!(mask >> i & 1u))
			continue;
		printf("%s", first ? "" : ", ");
		str(list[i]);
		first = 0;
	}
	putchar(']');
}

/* Whether a case of runner is one of the takers in mask. */
static int taken_by(const char *runner, unsigned mask)
{
	for (unsigned t = 0; t < FAULT_TAKER_COUNT; t++)
		if ((mask >> t & 1u) && strcmp(fault_taker_runners[t], runner) == 0)
			return 1;
	return 0;
}

/* The rows of include/fault_kinds.h: grammar, flows, takers and the cases they run. */
static void fault_kinds(size_t ncases)
{
	printf("  \"fault_kinds\": [\n");
	for (unsigned k = 0; k < FAULT_KIND_COUNT; k++) {
		char grammar[96];
		int first = 1;

		snprintf(grammar, sizeof(grammar), "%s%s", fault_kind_names[k], fault_kind_args[k]);
		printf("    {\"name\": ");
		str(fault_kind_names[k]);
		printf(", \"grammar\": ");
		str(grammar);
		printf(", \"flows\": ");
		mask_names(flow_names, FLOW_COUNT, fault_kind_flows[k]);
		printf(", \"takers\": ");
		mask_names(fault_taker_names, FAULT_TAKER_COUNT, fault_kind_takers[k]);
		printf(", \"cases\": [");
		for (size_t i = 0; i < ncases; i++) {
			if (!taken_by(cases[i].runner, fault_kind_takers[k]))
				continue;
			printf("%s", first ? "" : ", ");
			str(cases[i].name);
			first = 0;
		}
		printf("]}%s\n", k + 1 == FAULT_KIND_COUNT ? "" : ",");
	}
	printf("  ],\n");
}

int main(void)
{
	size_t ncases = sizeof(cases) / sizeof(cases[0]);

	printf("{\n");
	printf("  \"generated_by\": \"tools/gen-names.c from include/, cases/knobs.c and "
	       "cases/cases.def\",\n");
	names("events", ev_names, 0);
	names("steps", step_names, 0);
	names("phases", phase_names, 0);
	names("faults", fault_kind_names, 0);
	names("emulators", emulator_names, 0);
	names("exit_hows", exit_how_names, 0);
	names("cmos_whens", cmos_when_names, 0);
	names("disarm_reasons", disarm_reason_names, 0);
	names("attributions", attribution_names, 0);
	names("outside_reasons", outside_reason_names, 0);
	names("park_actions", park_action_names, 0);
	names("park_bys", park_by_names, 0);
	names("save_results", save_result_names, 0);
	/* The stick image's log partition (include/stick.h): tests/e2e/stickimage.py reads it. */
	printf("  \"stick\": {\"label\": \"%.8s\", \"folder\": \"%s\", \"slots\": %u, "
	       "\"slot_bytes\": %u, \"index\": \"%s\"},\n",
	       STICK_LABEL, STICK_FOLDER, STICK_SLOTS, STICK_SLOT_BYTES, STICK_INDEX_FILE);
	printf("  \"knobs\": [\n");
	for (size_t i = 0; i < knob_count; i++)
		knob(&knob_table[i], i + 1 == knob_count);
	printf("  ],\n");
	printf("  \"flows\": [\n");
	for (size_t i = 0; i < FLOW_COUNT; i++) {
		printf("    {\"name\": ");
		str(flow_names[i]);
		printf(", \"kicks_all_first\": %s}%s\n", flow_kicks_all_first[i] ? "true" : "false",
		       i + 1 == FLOW_COUNT ? "" : ",");
	}
	printf("  ],\n");
	fault_kinds(ncases);
	printf("  \"cases\": [\n");
	for (size_t i = 0; i < ncases; i++) {
		printf("    {\"name\": ");
		str(cases[i].name);
		printf(", \"runner\": ");
		str(cases[i].runner);
		printf(", \"rung\": %u", cases[i].rung);
		printf(", \"title\": ");
		str(cases[i].title);
		printf(", \"knobs\": ");
		str(cases[i].knobs);
		printf("}%s\n", i + 1 == ncases ? "" : ",");
	}
	printf("  ]\n}\n");
	return 0;
}
