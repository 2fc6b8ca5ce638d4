/* SPDX-License-Identifier: MIT */
#include "fault_parse.h"

#include "../lib/cmdline.h"
#include "../lib/fmt.h"
#include "../lib/string.h"

/* A shape's answer for an item that is not of its shape: the item is an unknown fault. */
#define NO_MATCH 1

static int read_apic(const char *s, uint32_t *apic, char *err, size_t errlen)
{
	uint64_t v;

	if (parse_u64(s, &v) || v > 0xffffffffu) {
		fmt_buf(err, errlen, "'%s' is not an APIC ID (decimal or 0x-hex, below 2^32)", s);
		return -1;
	}
	*apic = (uint32_t)v;
	return 0;
}

static int read_step(const char *s, enum step_id *step, char *err, size_t errlen)
{
	char list[CMDLINE_LIST_MAX];

	for (int i = STEP_NONE + 1; i < STEP_COUNT; i++)
		if (strcmp(s, step_names[i]) == 0) {
			*step = (enum step_id)i;
			return 0;
		}
	knob_enum_list(step_names + STEP_NONE + 1, list, sizeof(list));
	fmt_buf(err, errlen, "unknown step '%s'\nsteps: %s", s, list);
	return -1;
}

/* Splits "<arg>[@APIC]" and fills the target: all, or APIC IDs joined by '+'. */
static int read_target(char *arg, struct fault *f, char *err, size_t errlen)
{
	char *at = strchr(arg, '@'), *id;

	f->target = FAULT_AT_FIRST_AP;
	if (!at)
		return 0;
	*at = '\0';
	if (strcmp(at + 1, "all") == 0) {
		f->target = FAULT_AT_ALL;
		return 0;
	}
	f->target = FAULT_AT_APIC;
	for (id = at + 1; id;) {
		char *plus = strchr(id, '+');

		if (plus)
			*plus = '\0';
		if (f->napics >= FAULT_MAX_APICS) {
			fmt_buf(err, errlen, "more than %d APIC IDs in one fault", FAULT_MAX_APICS);
			return -1;
		}
		if (read_apic(id, &f->apics[f->napics], err, errlen))
			return -1;
		f->napics++;
		id = plus ? plus + 1 : NULL;
	}
	f->apic = f->apics[0];
	return 0;
}

/* One APIC ID for the faults that take only one (ghost:, tsc-skew:, apicid:). */
static int read_one(const char *s, struct fault *f, char *err, size_t errlen)
{
	f->target = FAULT_AT_APIC;
	f->napics = 1;
	if (read_apic(s, &f->apic, err, errlen))
		return -1;
	f->apics[0] = f->apic;
	return 0;
}

/*
 * The shapes of a row's args (include/fault_kinds.h). tail is the rest of
 * the item's word before any ':' ("" or "@..."), arg what follows the ':'
 * (NULL: there is none). Each returns 0, -1 with err written, or NO_MATCH:
 * an argument where the shape takes none is a mistake, never ignored.
 */

/* "": nothing follows the name (reset, bsp-nmi). */
static int fault_parse_none(char *tail, char *arg, struct fault *f, char *err, size_t errlen)
{
	(void)f, (void)err, (void)errlen;
	return *tail || arg ? NO_MATCH : 0;
}

/* "[@APIC]" (nosipi, sipi-again). */
static int fault_parse_target(char *tail, char *arg, struct fault *f, char *err, size_t errlen)
{
	return arg ? NO_MATCH : read_target(tail, f, err, errlen);
}

/* ":<step>[@APIC]" (stop, exception). */
static int fault_parse_step(char *tail, char *arg, struct fault *f, char *err, size_t errlen)
{
	if (*tail || !arg || !*arg)
		return NO_MATCH;
	if (read_target(arg, f, err, errlen))
		return -1;
	return read_step(arg, &f->step, err, errlen);
}

/* ":<APIC>" (ghost). */
static int fault_parse_apic(char *tail, char *arg, struct fault *f, char *err, size_t errlen)
{
	if (*tail || !arg || !*arg)
		return NO_MATCH;
	return read_one(arg, f, err, errlen);
}

/* ":<APIC>:<cycles>" (tsc-skew). */
static int fault_parse_skew(char *tail, char *arg, struct fault *f, char *err, size_t errlen)
{
	char *c;
	const char *num;
	uint64_t v;

	if (*tail || !arg || !*arg)
		return NO_MATCH;
	c = strchr(arg, ':');
	if (!c || read_one((*c = '\0', arg), f, err, errlen)) {
		if (!c)
			fmt_buf(err, errlen, "tsc-skew needs <APIC>:<cycles>");
		return -1;
	}
	num = c + 1;
	if (parse_u64(num + (*num == '-'), &v) || v > INT64_MAX) {
		fmt_buf(err, errlen, "'%s' is not a cycle count", num);
		return -1;
	}
	f->cycles = *num == '-' ? -(int64_t)v : (int64_t)v;
	return 0;
}

/* "[:mid]" (bsp-ud2): value 1 with :mid. */
static int fault_parse_mid(char *tail, char *arg, struct fault *f, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	if (*tail || (arg && strcmp(arg, "mid") != 0))
		return NO_MATCH;
	f->value = arg != NULL;
	return 0;
}

/* ":<APIC>=<ID>" (apicid): the new ID in value. */
static int fault_parse_renumber(char *tail, char *arg, struct fault *f, char *err, size_t errlen)
{
	char *eq;

	if (*tail || !arg || !*arg)
		return NO_MATCH;
	eq = strchr(arg, '=');
	if (!eq) {
		fmt_buf(err, errlen, "apicid needs <APIC>=<new ID>");
		return -1;
	}
	*eq = '\0';
	if (read_one(arg, f, err, errlen) || read_apic(eq + 1, &f->value, err, errlen))
		return -1;
	if (f->value > 0xfe) {
		fmt_buf(err, errlen, "apicid: the xAPIC ID register holds 0-0xfe");
		return -1;
	}
	return 0;
}

/* ":xapic@<APIC>" (apic-mode): one AP. */
static int fault_parse_xapic(char *tail, char *arg, struct fault *f, char *err, size_t errlen)
{
	if (*tail || !arg || !str_starts(arg, "xapic@"))
		return NO_MATCH;
	if (read_target(arg, f, err, errlen) || f->target != FAULT_AT_APIC || f->napics != 1) {
		fmt_buf(err, errlen, "apic-mode:xapic@<APIC> names one AP");
		return -1;
	}
	return 0;
}

/* ":<phase>[@APIC]" (smi): value is the enum phase. */
static int fault_parse_phase(char *tail, char *arg, struct fault *f, char *err, size_t errlen)
{
	char list[CMDLINE_LIST_MAX];

	if (*tail || !arg || !*arg)
		return NO_MATCH;
	if (read_target(arg, f, err, errlen))
		return -1;
	for (int i = 0; i < PH_COUNT; i++)
		if (strcmp(arg, phase_names[i]) == 0) {
			f->value = (uint32_t)i;
			return 0;
		}
	knob_enum_list(phase_names, list, sizeof(list));
	fmt_buf(err, errlen, "unknown phase '%s'\nphases: %s", arg, list);
	return -1;
}

/* ":vector|dest[@APIC]" (esr): value is enum fault_esr. */
static int fault_parse_esr(char *tail, char *arg, struct fault *f, char *err, size_t errlen)
{
	if (*tail || !arg || !*arg)
		return NO_MATCH;
	if (read_target(arg, f, err, errlen))
		return -1;
	f->value = strcmp(arg, "vector") == 0 ? FAULT_ESR_VECTOR
		   : strcmp(arg, "dest") == 0 ? FAULT_ESR_DEST
					      : 0;
	if (!f->value)
		fmt_buf(err, errlen, "esr:%s: the bad IPI is 'vector' or 'dest'", arg);
	return f->value ? 0 : -1;
}

/* Each shape written back; at is the target as "@..." or "". */
static size_t fault_format_none(const struct fault *f, const char *name, const char *at, char *buf,
				size_t size)
{
	(void)f, (void)at;
	return fmt_buf(buf, size, "%s", name);
}

static size_t fault_format_target(const struct fault *f, const char *name, const char *at,
				  char *buf, size_t size)
{
	(void)f;
	return fmt_buf(buf, size, "%s%s", name, at);
}

static size_t fault_format_step(const struct fault *f, const char *name, const char *at, char *buf,
				size_t size)
{
	return fmt_buf(buf, size, "%s:%s%s", name, step_names[f->step], at);
}

static size_t fault_format_apic(const struct fault *f, const char *name, const char *at, char *buf,
				size_t size)
{
	(void)at;
	return fmt_buf(buf, size, "%s:%#x", name, f->apic);
}

static size_t fault_format_skew(const struct fault *f, const char *name, const char *at, char *buf,
				size_t size)
{
	(void)at;
	return fmt_buf(buf, size, "%s:%#x:%lld", name, f->apic, (long long)f->cycles);
}

static size_t fault_format_mid(const struct fault *f, const char *name, const char *at, char *buf,
			       size_t size)
{
	(void)at;
	return fmt_buf(buf, size, "%s%s", name, f->value ? ":mid" : "");
}

static size_t fault_format_renumber(const struct fault *f, const char *name, const char *at,
				    char *buf, size_t size)
{
	(void)at;
	return fmt_buf(buf, size, "%s:%#x=%#x", name, f->apic, f->value);
}

static size_t fault_format_xapic(const struct fault *f, const char *name, const char *at, char *buf,
				 size_t size)
{
	(void)f;
	return fmt_buf(buf, size, "%s:xapic%s", name, at);
}

static size_t fault_format_esr(const struct fault *f, const char *name, const char *at, char *buf,
			       size_t size)
{
	return fmt_buf(buf, size, "%s:%s%s", name, f->value == FAULT_ESR_DEST ? "dest" : "vector",
		       at);
}

static size_t fault_format_phase(const struct fault *f, const char *name, const char *at, char *buf,
				 size_t size)
{
	return fmt_buf(buf, size, "%s:%s%s", name, phase_names[f->value], at);
}

static const struct {
	int (*parse)(char *tail, char *arg, struct fault *f, char *err, size_t errlen);
	size_t (*format)(const struct fault *f, const char *name, const char *at, char *buf,
			 size_t size);
} shapes[FAULT_KIND_COUNT] = {
#define FAULT_SHAPE(id, name, args, shape, ...)                                                    \
	[id] = { fault_parse_##shape, fault_format_##shape },
	SMPSCOPE_FAULT_KINDS(FAULT_SHAPE)
#undef FAULT_SHAPE
};

int fault_parse(const char *item, struct fault *out, char *err, size_t errlen)
{
	char buf[64];
	char *arg, *tail;
	int r = NO_MATCH;

	if (str_copy(buf, item, sizeof(buf)) >= sizeof(buf)) {
		fmt_buf(err, errlen, "fault '%.20s...' is too long", item);
		return -1;
	}
	memset(out, 0, sizeof(*out));
	arg = strchr(buf, ':');
	if (arg)
		*arg++ = '\0';
	/* The kind's name ends at the '@' of a target or where the word does. */
	tail = strchr(buf, '@');
	if (!tail)
		tail = buf + strlen(buf);
	for (int k = 0; k < FAULT_KIND_COUNT && r == NO_MATCH; k++) {
		if (strlen(fault_kind_names[k]) != (size_t)(tail - buf) ||
		    strncmp(buf, fault_kind_names[k], (size_t)(tail - buf)) != 0)
			continue;
		out->kind = (enum fault_kind)k;
		r = shapes[k].parse(tail, arg, out, err, errlen);
	}
	if (r == NO_MATCH)
		fmt_buf(err, errlen, "unknown fault '%s'\nallowed: %s", item, FAULT_GRAMMAR);
	return r == NO_MATCH ? -1 : r;
}

size_t fault_format(const struct fault *f, char *buf, size_t size)
{
	char at[16 * FAULT_MAX_APICS] = "";
	size_t o = 0;

	if (f->target == FAULT_AT_ALL)
		fmt_buf(at, sizeof(at), "@all");
	for (uint32_t i = 0; f->target == FAULT_AT_APIC && i < f->napics && o < sizeof(at); i++)
		o += fmt_buf(at + o, sizeof(at) - o, "%c%#x", i ? '+' : '@', f->apics[i]);
	return shapes[f->kind].format(f, fault_kind_names[f->kind], at, buf, size);
}
