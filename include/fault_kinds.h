/* SPDX-License-Identifier: MIT */
/*
 * The kinds of fault= (docs/knobs.md, "Faults"), one row each, read by the
 * image, the host tools and build/names.json (docs/names.md):
 *
 *   X(id, name, args, shape, resolve, flows, takers)
 *
 * name and args are its grammar: args is what may follow the name, in the
 * notation of docs/knobs.md. shape names how cases/fault_parse.c reads and
 * writes args (fault_parse_<shape>, fault_format_<shape>). resolve names the
 * function of cases/fault_resolve.c (resolve_<resolve>) that turns it into
 * the bringup's struct fault_plan (smp/smp.h). flows: the flows it works in
 * (a mask of 1 << enum flow); a resolver refuses the others in its own
 * words. takers: who injects it (a mask of FAULT_BY()); a case refuses, by
 * its case_ops (cases/case_ops.h), a kind it is not a taker of.
 */
#ifndef SMPSCOPE_FAULT_KINDS_H
#define SMPSCOPE_FAULT_KINDS_H

#include "knob_values.h"
#include "namelist.h"

/*
 * Who injects faults: the cases of the bringup runner, case=all's rungs,
 * probe, and probe's identify pass (identify=on). The third column is the
 * runner (cases/cases.def) whose cases it is: names.json lists them.
 */
#define SMPSCOPE_FAULT_TAKERS(X)                                                                   \
	X(FAULT_TAKER_BRINGUP, "bringup", "bringup")                                               \
	X(FAULT_TAKER_LADDER, "ladder", "ladder")                                                  \
	X(FAULT_TAKER_PROBE, "probe", "probe")                                                     \
	X(FAULT_TAKER_IDENTIFY, "identify", "probe")

#define FAULT_BY(taker) (1u << FAULT_TAKER_##taker)
/*
 * The takers of a fault the BSP's flow brings about, and of one an AP meets
 * by its kick or by c-entry, which probe's identify pass reaches too
 * (apicid is not one: it needs the broadcast kick that pass never sends;
 * reset is the bringup cases' alone: it would start case=all over).
 */
#define FAULT_BY_FLOW	(FAULT_BY(BRINGUP) | FAULT_BY(LADDER))
#define FAULT_BY_APS	(FAULT_BY_FLOW | FAULT_BY(IDENTIFY))
#define FAULT_FLOWS_ALL ((1u << FLOW_COUNT) - 1)
/*
 * The flows with the BSP's tsc handshake, where the per-AP warp test runs
 * (docs/flows.md); tsc_sync=together tests in every flow (docs/tsc.md).
 */
#define FAULT_FLOWS_TSC (1u << FLOW_SERIAL | 1u << FLOW_EARLY_KICK | 1u << FLOW_KICK_BEFORE_PREPARE)
/* The same flows: the BSP times each phase of each AP itself (smi: a window to put it in). */
#define FAULT_FLOWS_HANDSHAKE FAULT_FLOWS_TSC

#define SMPSCOPE_FAULT_KINDS(X)                                                                    \
	X(FAULT_STOP, "stop", ":<step>[@APIC]", step, at_step, FAULT_FLOWS_ALL, FAULT_BY_APS)      \
	X(FAULT_EXCEPTION, "exception", ":<step>[@APIC]", step, at_step, FAULT_FLOWS_ALL,          \
	  FAULT_BY_APS)                                                                            \
	X(FAULT_NOSIPI, "nosipi", "[@APIC]", target, nosipi, FAULT_FLOWS_ALL, FAULT_BY_APS)        \
	X(FAULT_GHOST, "ghost", ":<APIC>", apic, none, FAULT_FLOWS_ALL, FAULT_BY_APS)              \
	X(FAULT_TSC_SKEW, "tsc-skew", ":<APIC>:<cycles>", skew, tsc_skew, FAULT_FLOWS_ALL,         \
	  FAULT_BY_FLOW)                                                                           \
	X(FAULT_BSP_UD2, "bsp-ud2", "[:mid]", mid, bsp_ud2, FAULT_FLOWS_ALL,                       \
	  FAULT_BY_FLOW | FAULT_BY(PROBE))                                                         \
	X(FAULT_APICID, "apicid", ":<APIC>=<ID>", renumber, renumber, 1u << FLOW_BROADCAST,        \
	  FAULT_BY_FLOW)                                                                           \
	X(FAULT_APIC_MODE, "apic-mode", ":xapic@<APIC>", xapic, keep_xapic, FAULT_FLOWS_ALL,       \
	  FAULT_BY_APS)                                                                            \
	X(FAULT_RESET, "reset", "", none, reset, FAULT_FLOWS_ALL, FAULT_BY(BRINGUP))               \
	X(FAULT_BSP_NMI, "bsp-nmi", "", none, none, FAULT_FLOWS_ALL, FAULT_BY_FLOW)                \
	X(FAULT_ESR, "esr", ":vector|dest[@APIC]", esr, esr, FAULT_FLOWS_ALL, FAULT_BY_FLOW)       \
	X(FAULT_SIPI_AGAIN, "sipi-again", "[@APIC]", target, sipi_again, FAULT_FLOWS_ALL,          \
	  FAULT_BY_FLOW)                                                                           \
	X(FAULT_SMI, "smi", ":<phase>[@APIC]", phase, smi, FAULT_FLOWS_HANDSHAKE, FAULT_BY_FLOW)   \
	X(FAULT_PAT, "pat", "[@APIC]", target, audit, FAULT_FLOWS_ALL, FAULT_BY_FLOW)              \
	X(FAULT_MCE_OFF, "mce-off", "[@APIC]", target, audit, FAULT_FLOWS_ALL, FAULT_BY_FLOW)      \
	X(FAULT_MTRR, "mtrr", "[@APIC]", target, audit, FAULT_FLOWS_ALL, FAULT_BY_FLOW)            \
	X(FAULT_CACHE_OFF, "cache-off", "[@APIC]", target, audit, FAULT_FLOWS_ALL, FAULT_BY_FLOW)  \
	X(FAULT_MEMTYPE, "memtype", "[@APIC]", target, audit, FAULT_FLOWS_ALL, FAULT_BY_FLOW)      \
	X(FAULT_TSC_ABSENT, "tsc-absent", "[@APIC]", target, tsc_absent, FAULT_FLOWS_ALL,          \
	  FAULT_BY_FLOW)

SMPSCOPE_NAME_LIST(SMPSCOPE_FAULT_TAKERS, fault_taker, fault_taker_names, FAULT_TAKER_COUNT);
/* The third column of SMPSCOPE_FAULT_TAKERS. */
extern const char *const fault_taker_runners[FAULT_TAKER_COUNT];
SMPSCOPE_NAME_LIST(SMPSCOPE_FAULT_KINDS, fault_kind, fault_kind_names, FAULT_KIND_COUNT);
/* The args, flows and takers columns of SMPSCOPE_FAULT_KINDS. */
extern const char *const fault_kind_args[FAULT_KIND_COUNT];
extern const unsigned fault_kind_flows[FAULT_KIND_COUNT];
extern const unsigned fault_kind_takers[FAULT_KIND_COUNT];

/*
 * The grammar of fault= in the knob's help and errors: every row's name
 * and args, then what @APIC is. Each row brings its ", " in front: the
 * text starts after the first.
 */
#define FAULT_GRAMMAR_ROW(id, name, args, ...) ", " name args
#define FAULT_GRAMMAR                                                                              \
	(SMPSCOPE_FAULT_KINDS(FAULT_GRAMMAR_ROW) "; @APIC is an ID, a list (@1+5+9) or @all" + 2)

#endif
