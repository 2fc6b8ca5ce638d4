/* SPDX-License-Identifier: MIT */
#include "table.h"

#include "../lib/string.h"

#define CASE(name, runner, rung, title, knobs) { name, title, knobs, rung },
const struct case_def case_table[] = {
#include "cases.def"
};
#undef CASE

const size_t case_count = sizeof(case_table) / sizeof(case_table[0]);

#define CASE(name, runner, rung, title, knobs) name,
const char *const case_names[] = {
#include "cases.def"
	NULL,
};
#undef CASE

int case_find(const char *name)
{
	for (size_t i = 0; i < case_count; i++)
		if (strcmp(case_table[i].name, name) == 0)
			return (int)i;
	return -1;
}
