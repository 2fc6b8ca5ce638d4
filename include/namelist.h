/* SPDX-License-Identifier: MIT */
/*
 * How a list of names becomes an enum and a string array (docs/names.md).
 * A list is an X-macro: LIST(X) expands X(id, "name", ...) once per entry, so
 * the enum and the strings come from the same line and cannot drift. Columns
 * after the name are a list's own (flow=: whether it kicks every AP first).
 */
#ifndef SMPSCOPE_NAMELIST_H
#define SMPSCOPE_NAMELIST_H

#define SMPSCOPE_ENUM_ID(id, name, ...) id,
#define SMPSCOPE_NAME(id, name, ...)	[id] = name,
#define SMPSCOPE_ONE(id, name, ...)	+1

/*
 * enum tag { ids... }, the constant count, and names[count + 1]: the names
 * in enum order, then NULL, so a knob can walk them without knowing the
 * count. The count stays out of the enum, so a switch over it that misses
 * a value still draws -Wswitch.
 */
#define SMPSCOPE_NAME_LIST(list, tag, names, count)                                                \
	enum tag { list(SMPSCOPE_ENUM_ID) };                                                       \
	enum { count = 0 list(SMPSCOPE_ONE) };                                                     \
	extern const char *const names[count + 1]

/* The array itself; include/names.c holds one for every list. */
#define SMPSCOPE_NAME_ARRAY(list, names, count)                                                    \
	const char *const names[count + 1] = { list(SMPSCOPE_NAME) }

#endif
