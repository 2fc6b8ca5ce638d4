/* SPDX-License-Identifier: MIT */
/*
 * The CPUs the firmware lists in the MADT (ACPI "APIC" table), read by the
 * rules of ACPI 6.5 §5.2.12.2 and §5.2.12.12 (docs/hardware.md, "The MADT").
 * The image and `smpscope-report madt` share this parser.
 */
#ifndef SMPSCOPE_APIC_MADT_H
#define SMPSCOPE_APIC_MADT_H

#include <stddef.h>
#include <stdint.h>

#include "../lib/diag.h"

/* At least 1024 CPUs (docs/log-format.md, ev=madt); the table is static, so this is the cap. */
#define MADT_MAX_CPUS 1024
/* Placeholders kept for the log; AGESA lists up to 96, big Xeon boards a few hundred. */
#define MADT_MAX_IGNORED 512

/* Never a CPU: the broadcast ID of a type-0 entry, and the x2APIC one of type 9. */
#define MADT_XAPIC_INVALID  0xffu
#define MADT_X2APIC_INVALID 0xffffffffu
/* The highest ID an xAPIC-mode IPI can name: 0xFF is a broadcast. */
#define MADT_XAPIC_MAX_DEST 0xfeu

struct madt_cpu {
	uint32_t apic_id;
	uint32_t uid;
	uint32_t off;  /* byte offset of the entry in the table */
	uint8_t type;  /* 0 local APIC, 9 local x2APIC */
	uint8_t flags; /* the entry's flags, bits 0-7 */
	uint8_t enabled;
	uint8_t online_capable; /* not enabled yet, may be later (bit 1, MADT revision >= 5) */
	uint8_t reason;		/* for an ignored entry: enum madt_ignore */
};

enum madt_ignore {
	MADT_IGN_NONE,
	MADT_IGN_UNUSABLE, /* neither Enabled nor Online Capable */
	MADT_IGN_INVALID_ID,
	MADT_IGN_REPEAT, /* an ID already listed: the first usable entry is kept */
};
extern const char *const madt_ignore_names[];

/*
 * X(id, "name", "rule", "dmesg"): each odd layout the parser names; none is a failure. "dmesg"
 * is the line Linux's dmesg shows for the same table: such an oddity is a finding; one Linux
 * accepts silently ("") is a note (docs/hardware.md, "Findings and notes").
 */
#define MADT_ODDITIES(X)                                                                           \
	X(MADT_ODD_X2APIC_SMALL_ID, "x2apic-small-id",                                             \
	  "ACPI 6.5 5.2.12.12: IDs below 255 go in type-0 entries for OSes without x2APIC", "")    \
	X(MADT_ODD_BOTH_TYPES, "both-types",                                                       \
	  "ACPI 6.5 5.2.12.12: a CPU has one entry, type 0 below ID 255, type 9 above", "")        \
	X(MADT_ODD_NO_APIC_ID_0, "no-apic-id-0",                                                   \
	  "none: APIC IDs need not start at 0 (Opteron boards number from 0x10)", "")              \
	X(MADT_ODD_BSP_NOT_FIRST, "bsp-not-first",                                                 \
	  "ACPI 6.5 5.2.12: firmware should list the boot processor first",                        \
	  "CPU topo: Boot CPU APIC ID not the first enumerated APIC ID: %x != %x / "               \
	  "CPU topo: [Firmware Bug]: APIC enumeration order not specification compliant")          \
	X(MADT_ODD_RESERVED_TYPE, "reserved-type",                                                 \
	  "ACPI 6.5 5.2.12 table 5.21: types 0x18-0x7F are reserved, 0x80-0xFF OEM; skipped", "")  \
	X(MADT_ODD_INVALID_ID_USABLE, "invalid-id-usable",                                         \
	  "ACPI 6.5 5.2.12.2/5.2.12.12: ID 0xFF (type 0) or 0xFFFFFFFF (type 9) is no CPU", "")    \
	X(MADT_ODD_XAPIC_UNREACHABLE, "xapic-unreachable",                                         \
	  "Intel SDM 11.6.1: an xAPIC destination is 8 bits and 0xFF is a broadcast",              \
	  "ACPI: x2apic entry ignored")                                                            \
	X(MADT_ODD_HOTPLUG_IN_PRESENT_PKG, "hotplug-in-present-package",                           \
	  "ACPI 6.5 5.2.12.2: an entry not enabled is a CPU that may be added later; none can be " \
	  "added to a package whose CPUs are present, so its size comes from CPUID",               \
	  "CPU topo: Ignoring hot-pluggable APIC ID %x in present package.")

enum madt_oddity {
#define MADT_ODD_ENUM(id, name, rule, dmesg) id,
	MADT_ODDITIES(MADT_ODD_ENUM)
#undef MADT_ODD_ENUM
		MADT_NODDITIES
};
extern const char *const madt_oddity_names[];
extern const char *const madt_oddity_rules[];
extern const char *const madt_oddity_linux[];

/* A finding: Linux warns about it too. Otherwise a note: legal, and Linux is silent. */
static inline int madt_is_finding(enum madt_oddity k)
{
	return madt_oddity_linux[k][0] != '\0';
}

/* The first entry that showed an oddity, and how many did. */
struct madt_odd {
	unsigned count;
	uint32_t off, value;
};

struct madt_info {
	uint64_t lapic_addr; /* after any type 5 override */
	uint32_t lapic_addr32;
	int lapic_override;
	uint32_t flags; /* bit 0: the board has dual 8259s (PCAT_COMPAT) */
	uint8_t revision;
	int checksum_ok;
	unsigned nentries;
	unsigned ncpus, dropped, duplicates;
	unsigned nignored, ignored_dropped;
	struct madt_odd odd[MADT_NODDITIES];
	struct madt_cpu cpus[MADT_MAX_CPUS]; /* usable, MADT order, each APIC ID once */
	struct madt_cpu ignored[MADT_MAX_IGNORED];
};

/*
 * Parses a MADT of len bytes at p. Every entry length is checked against
 * its type and the table end. Usable CPUs go to cpus[], the other CPU
 * entries to ignored[]; a repeated ID among usable entries of one type is a
 * problem in d, the first kept. Returns -1 when the table cannot be read at
 * all, else 0 (a wrong checksum leaves checksum_ok 0, with a problem).
 */
int madt_parse(const uint8_t *p, size_t len, struct madt_info *mi, struct diag *d);
/* How many usable CPUs are enabled (the rest are online capable). */
unsigned madt_count_enabled(const struct madt_info *mi);
/* Index of the usable CPU with that APIC ID, or -1. */
int madt_find_apic(const struct madt_info *mi, uint32_t apic_id);
/* "lapic" for a type-0 entry, "x2apic" for type 9, as the log and the host tool name them. */
const char *madt_type_name(uint8_t type);
/* Names bsp-not-first when the boot CPU is not the first usable entry. */
void madt_check_bsp(struct madt_info *mi, uint32_t bsp_apic);
/*
 * Names hotplug-in-present-package: entries Linux registers as hot-pluggable (not enabled,
 * in a MADT before revision 5, or online capable) whose package, the APIC ID above
 * pkg_shift, holds an enabled CPU.
 */
void madt_check_packages(struct madt_info *mi, unsigned pkg_shift);
/* 1 when an IPI in this APIC mode can name apic_id (never 0xFF in xAPIC mode). */
int madt_apic_addressable(uint32_t apic_id, int x2apic);
/* What the table shows for an oddity: its first entry and how many; the rule is apart. */
void madt_oddity_text(const struct madt_info *mi, enum madt_oddity k, char *buf, size_t size);

#endif
