/* SPDX-License-Identifier: MIT */
/*
 * Writes build/names.json: every name the image shares with the host side
 * (events, steps, phases, fault kinds), the knob table and the case table,
 * from the same lists the image is built from (docs/names.md). The Python
 * tests read it instead of keeping copies of their own.
 */
#include <stdio.h>

#include "../cases/config.h"
#include "../include/events.h"
#include "../include/exitcode.h"
#include "../include/knob_values.h"

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
	names("park_actions", park_action_names, 0);
	names("park_bys", park_by_names, 0);
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
