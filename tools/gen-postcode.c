/* SPDX-License-Identifier: MIT */
/*
 * Writes the table of port 0x80 codes from the lists the image is built
 * from (console/postcode.h, and the steps and phases of include/events.h):
 * as Markdown for docs/postcode.md (which `make unit` checks against it),
 * or with --json for the e2e test that captures the codes.
 */
#include <stdio.h>
#include <string.h>

#include "../console/postcode.h"

struct row {
	unsigned code;
	const char *name, *kind, *help;
};

#define SMPSCOPE_POSTCODE_ROW(id, code, name, help) { code, name, "fixed", help },
static const struct row fixed[] = { SMPSCOPE_POSTCODES(SMPSCOPE_POSTCODE_ROW) };
#define NFIXED (sizeof(fixed) / sizeof(fixed[0]))

/* Every row in code order: the fixed ones below the steps, then steps, phases, the rest. */
static size_t rows(struct row *out)
{
	size_t n = 0, f = 0;

	while (f < NFIXED && fixed[f].code < POST_STEP_BASE)
		out[n++] = fixed[f++];
	/* The step "none" is no step an AP passes: it has no code written. */
	for (unsigned s = STEP_REALMODE; s < STEP_COUNT; s++)
		out[n++] = (struct row){ POST_STEP_BASE + s, step_names[s], "step",
					 "an AP passed this step (its breadcrumb)" };
	for (unsigned p = 0; p < PH_COUNT; p++)
		out[n++] = (struct row){ POST_PHASE_BASE + p, phase_names[p], "phase",
					 "the BSP saw an AP finish this phase" };
	while (f < NFIXED)
		out[n++] = fixed[f++];
	return n;
}

int main(int argc, char **argv)
{
	struct row all[NFIXED + STEP_COUNT + PH_COUNT];
	size_t n = rows(all);
	int json = argc > 1 && strcmp(argv[1], "--json") == 0;

	if (json)
		printf("{\"generated_by\": \"tools/gen-postcode.c\", \"step_base\": %u, "
		       "\"phase_base\": %u, \"codes\": [\n",
		       POST_STEP_BASE, POST_PHASE_BASE);
	else
		printf("| code | name | kind | what it says |\n|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		if (json)
			printf("  {\"code\": %u, \"name\": \"%s\", \"kind\": \"%s\"}%s\n",
			       all[i].code, all[i].name, all[i].kind, i + 1 < n ? "," : "");
		else
			printf("| 0x%02x | `%s` | %s | %s |\n", all[i].code, all[i].name,
			       all[i].kind, all[i].help);
	}
	if (json)
		printf("]}\n");
	return 0;
}
