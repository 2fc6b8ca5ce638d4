/* SPDX-License-Identifier: MIT */
#include "fault.h"

#include "../lib/cmdline.h"
#include "../lib/fmt.h"
#include "../lib/string.h"

static int parse_apic(const char *s, uint32_t *apic, char *err, size_t errlen)
{
	uint64_t v;

	if (parse_u64(s, &v) || v > 0xffffffffu) {
		fmt_buf(err, errlen, "'%s' is not an APIC ID (decimal or 0x-hex, below 2^32)", s);
		return -1;
	}
	*apic = (uint32_t)v;
	return 0;
}

static int parse_step(const char *s, enum step_id *step, char *err, size_t errlen)
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
static int parse_target(char *arg, struct fault *f, char *err, size_t errlen)
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
		if (parse_apic(id, &f->apics[f->napics], err, errlen))
			return -1;
		f->napics++;
		id = plus ? plus + 1 : NULL;
	}
	f->apic = f->apics[0];
	return 0;
}

/* One APIC ID for the faults that take only one (ghost:, tsc-skew:, apicid:). */
static int parse_one(const char *s, struct fault *f, char *err, size_t errlen)
{
	f->target = FAULT_AT_APIC;
	f->napics = 1;
	if (parse_apic(s, &f->apic, err, errlen))
		return -1;
	f->apics[0] = f->apic;
	return 0;
}

int fault_parse(const char *item, struct fault *out, char *err, size_t errlen)
{
	char buf[64];
	char *arg;
	int has_arg;

	if (str_copy(buf, item, sizeof(buf)) >= sizeof(buf)) {
		fmt_buf(err, errlen, "fault '%.20s...' is too long", item);
		return -1;
	}
	memset(out, 0, sizeof(*out));
	arg = strchr(buf, ':');
	has_arg = arg != NULL;
	if (arg)
		*arg++ = '\0';
	else
		arg = buf + strlen(buf);

	/* These take no argument: anything after a ':' is a mistake, not ignored. */
	if (strcmp(buf, "bsp-ud2") == 0 && (!has_arg || strcmp(arg, "mid") == 0)) {
		out->kind = FAULT_BSP_UD2;
		out->value = has_arg;
		return 0;
	}
	if (strcmp(buf, "reset") == 0 && !has_arg) {
		out->kind = FAULT_RESET;
		return 0;
	}
	if (strcmp(buf, "bsp-nmi") == 0 && !has_arg) {
		out->kind = FAULT_BSP_NMI;
		return 0;
	}
	if (str_starts(buf, "nosipi") && (buf[6] == '\0' || buf[6] == '@') && !has_arg) {
		out->kind = FAULT_NOSIPI;
		return parse_target(buf, out, err, errlen);
	}
	if (str_starts(buf, "sipi-again") && (buf[10] == '\0' || buf[10] == '@') && !has_arg) {
		out->kind = FAULT_SIPI_AGAIN;
		return parse_target(buf, out, err, errlen);
	}
	if (strcmp(buf, "esr") == 0 && *arg) {
		out->kind = FAULT_ESR;
		if (parse_target(arg, out, err, errlen))
			return -1;
		out->value = strcmp(arg, "vector") == 0 ? FAULT_ESR_VECTOR
			     : strcmp(arg, "dest") == 0 ? FAULT_ESR_DEST
							: 0;
		if (!out->value)
			fmt_buf(err, errlen, "esr:%s: the bad IPI is 'vector' or 'dest'", arg);
		return out->value ? 0 : -1;
	}
	if ((strcmp(buf, "stop") == 0 || strcmp(buf, "exception") == 0) && *arg) {
		out->kind = buf[0] == 's' ? FAULT_STOP : FAULT_EXCEPTION;
		if (parse_target(arg, out, err, errlen))
			return -1;
		return parse_step(arg, &out->step, err, errlen);
	}
	if (strcmp(buf, "ghost") == 0 && *arg) {
		out->kind = FAULT_GHOST;
		return parse_one(arg, out, err, errlen);
	}
	if (strcmp(buf, "tsc-skew") == 0 && *arg) {
		char *c = strchr(arg, ':');
		const char *num;
		uint64_t v;

		out->kind = FAULT_TSC_SKEW;
		if (!c || parse_one((*c = '\0', arg), out, err, errlen)) {
			if (!c)
				fmt_buf(err, errlen, "tsc-skew needs <APIC>:<cycles>");
			return -1;
		}
		num = c + 1;
		if (parse_u64(num + (*num == '-'), &v) || v > INT64_MAX) {
			fmt_buf(err, errlen, "'%s' is not a cycle count", num);
			return -1;
		}
		out->cycles = *num == '-' ? -(int64_t)v : (int64_t)v;
		return 0;
	}
	if (strcmp(buf, "apicid") == 0 && *arg) {
		char *eq = strchr(arg, '=');

		out->kind = FAULT_APICID;
		if (!eq) {
			fmt_buf(err, errlen, "apicid needs <APIC>=<new ID>");
			return -1;
		}
		*eq = '\0';
		if (parse_one(arg, out, err, errlen) ||
		    parse_apic(eq + 1, &out->value, err, errlen))
			return -1;
		if (out->value > 0xfe) {
			fmt_buf(err, errlen, "apicid: the xAPIC ID register holds 0-0xfe");
			return -1;
		}
		return 0;
	}
	if (strcmp(buf, "apic-mode") == 0 && str_starts(arg, "xapic@")) {
		out->kind = FAULT_APIC_MODE;
		return parse_target(arg, out, err, errlen) || out->target != FAULT_AT_APIC ||
				       out->napics != 1
			       ? (fmt_buf(err, errlen, "apic-mode:xapic@<APIC> names one AP"), -1)
			       : 0;
	}
	fmt_buf(err, errlen, "unknown fault '%s'\nallowed: %s", item, FAULT_GRAMMAR);
	return -1;
}

size_t fault_format(const struct fault *f, char *buf, size_t size)
{
	char at[16 * FAULT_MAX_APICS] = "";
	size_t o = 0;

	if (f->target == FAULT_AT_ALL)
		fmt_buf(at, sizeof(at), "@all");
	for (uint32_t i = 0; f->target == FAULT_AT_APIC && i < f->napics && o < sizeof(at); i++)
		o += fmt_buf(at + o, sizeof(at) - o, "%c%#x", i ? '+' : '@', f->apics[i]);
	switch (f->kind) {
	case FAULT_STOP:
	case FAULT_EXCEPTION:
		return fmt_buf(buf, size, "%s:%s%s", fault_kind_names[f->kind], step_names[f->step],
			       at);
	case FAULT_GHOST:
		return fmt_buf(buf, size, "ghost:%#x", f->apic);
	case FAULT_TSC_SKEW:
		return fmt_buf(buf, size, "tsc-skew:%#x:%lld", f->apic, (long long)f->cycles);
	case FAULT_NOSIPI:
	case FAULT_SIPI_AGAIN:
		return fmt_buf(buf, size, "%s%s", fault_kind_names[f->kind], at);
	case FAULT_APICID:
		return fmt_buf(buf, size, "apicid:%#x=%#x", f->apic, f->value);
	case FAULT_APIC_MODE:
		return fmt_buf(buf, size, "apic-mode:xapic%s", at);
	case FAULT_ESR:
		return fmt_buf(buf, size, "esr:%s%s",
			       f->value == FAULT_ESR_DEST ? "dest" : "vector", at);
	case FAULT_BSP_UD2:
		return fmt_buf(buf, size, "bsp-ud2%s", f->value ? ":mid" : "");
	default:
		return fmt_buf(buf, size, "%s", fault_kind_names[f->kind]);
	}
}
