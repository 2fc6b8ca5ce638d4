/* SPDX-License-Identifier: MIT */
/*
 * The case table's runner column bound to the runners' ops. Apart from
 * cases/table.c, which the runners read (names, presets, rungs): the
 * binding depends on every runner and no runner on it.
 */
#include "ops_table.h"

#define CASE(name, runner, rung, title, knobs) extern const struct case_ops runner##_ops;
#include "cases.def"
#undef CASE

static const struct case_ops *const ops[] = {
#define CASE(name, runner, rung, title, knobs) &runner##_ops,
#include "cases.def"
#undef CASE
};

const struct case_ops *case_ops_of(int case_idx)
{
	return ops[case_idx];
}
