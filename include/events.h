/* SPDX-License-Identifier: MIT */
/*
 * Event, step and phase names: the one list shared by the image and the host
 * tools (docs/names.md). Scripts outside the project read these names from
 * the serial log, so an existing name is never renamed; add new ones at the
 * end of a list.
 */
#ifndef SMPSCOPE_EVENTS_H
#define SMPSCOPE_EVENTS_H

/* X(id, "name"): every `# ev=<name>` line the image can print. */
#define SMPSCOPE_EVENTS(X)                                                                         \
	X(EV_BOOT, "boot")                                                                         \
	X(EV_BOOT_PROBLEM, "boot-problem")                                                         \
	X(EV_CONSOLE, "console")                                                                   \
	X(EV_KNOBS, "knobs")                                                                       \
	X(EV_KNOB_ERROR, "knob-error")                                                             \
	X(EV_MEMMAP, "memmap")                                                                     \
	X(EV_ACPI, "acpi")                                                                         \
	X(EV_ACPI_ERROR, "acpi-error")                                                             \
	X(EV_MADT, "madt")                                                                         \
	X(EV_CPU, "cpu")                                                                           \
	X(EV_LAPIC, "lapic")                                                                       \
	X(EV_TOPOLOGY, "topology")                                                                 \
	X(EV_TSC, "tsc")                                                                           \
	X(EV_CMOS, "cmos")                                                                         \
	X(EV_MICROCODE, "microcode")                                                               \
	X(EV_MTRR, "mtrr")                                                                         \
	X(EV_MTRR_VAR, "mtrr-var")                                                                 \
	X(EV_EXCEPTION, "exception")                                                               \
	X(EV_BRINGUP, "bringup")                                                                   \
	X(EV_TIMEOUT, "timeout")                                                                   \
	X(EV_EXIT, "exit")                                                                         \
	X(EV_STEPS, "steps")                                                                       \
	X(EV_GRACE, "grace")                                                                       \
	X(EV_PHASE, "phase")                                                                       \
	X(EV_IPI, "ipi")                                                                           \
	X(EV_AP, "ap")                                                                             \
	X(EV_AP_STEPS, "ap-steps")                                                                 \
	X(EV_CLAIM, "claim")                                                                       \
	X(EV_TOTALS, "totals")                                                                     \
	X(EV_TRAMPOLINE, "trampoline")                                                             \
	X(EV_TSC_PAIR, "tsc-pair")                                                                 \
	X(EV_AP_TIMES, "ap-times")                                                                 \
	X(EV_LASTLOG, "lastlog")                                                                   \
	X(EV_LOG_LOST, "log-lost")                                                                 \
	X(EV_MADT_IGNORED, "madt-ignored")                                                         \
	X(EV_MADT_FINDING, "madt-finding")                                                         \
	X(EV_MADT_NOTE, "madt-note")                                                               \
	X(EV_APICID, "apicid")                                                                     \
	X(EV_TSC_SOURCE, "tsc-source")                                                             \
	X(EV_RESET, "reset")                                                                       \
	X(EV_LOCK_STUCK, "lock-stuck")                                                             \
	X(EV_FOOTPRINT, "footprint")                                                               \
	X(EV_PARK, "park")                                                                         \
	X(EV_PARK_CLOBBER, "park-clobber")                                                         \
	X(EV_PARK_SUMMARY, "park-summary")                                                         \
	X(EV_RUNG, "rung")                                                                         \
	X(EV_RECHECK, "recheck")                                                                   \
	X(EV_ROUND, "round")                                                                       \
	X(EV_ROUNDS, "rounds")                                                                     \
	X(EV_SIPI_AGAIN, "sipi-again")                                                             \
	X(EV_MADT_MODULE, "madt-module")                                                           \
	X(EV_MADT_DIFF, "madt-diff")                                                               \
	X(EV_FW_SIM, "fw-sim")                                                                     \
	X(EV_MCE, "mce")                                                                           \
	X(EV_AUDIT, "audit")                                                                       \
	X(EV_AUDIT_NOTE, "audit-note")                                                             \
	X(EV_TSC_TRIAL, "tsc-trial")                                                               \
	X(EV_TSC_WARP, "tsc-warp")                                                                 \
	X(EV_TSC_ABSENT, "tsc-absent")                                                             \
	X(EV_SAVE, "save")

/*
 * X(id, "name"): the steps of an AP's way up, in order. The trampoline
 * steps come first, then the phases the BSP waits for.
 */
#define SMPSCOPE_STEPS(X)                                                                          \
	X(STEP_NONE, "none")                                                                       \
	X(STEP_REALMODE, "realmode")                                                               \
	X(STEP_GDT, "gdt")                                                                         \
	X(STEP_PROTMODE, "protmode")                                                               \
	X(STEP_PAE, "pae")                                                                         \
	X(STEP_LME, "lme")                                                                         \
	X(STEP_LONGMODE, "longmode")                                                               \
	X(STEP_APICID, "apicid")                                                                   \
	X(STEP_SLOT, "slot")                                                                       \
	X(STEP_STACK, "stack")                                                                     \
	X(STEP_C_ENTRY, "c-entry")                                                                 \
	X(STEP_ALIVE, "alive")                                                                     \
	X(STEP_CALLIN, "callin")                                                                   \
	X(STEP_TSC, "tsc")                                                                         \
	X(STEP_ONLINE, "online")

/*
 * X(id, "name"): the phases the BSP waits for, as Linux's do_boot_cpu() and
 * do_wait_cpu() had them; ev=phase, ev=ap-times and ev=timeout name them.
 */
#define SMPSCOPE_PHASES(X)                                                                         \
	X(PH_KICK, "kick")                                                                         \
	X(PH_ALIVE, "alive")                                                                       \
	X(PH_CALLIN, "callin")                                                                     \
	X(PH_TSC, "tsc")                                                                           \
	X(PH_ONLINE, "online")

/*
 * X(id, "name"): the when= of ev=cmos, in the order a bringup passes them
 * (docs/flows.md, "Warm reset"): as found, armed, disarmed once the kicked
 * APs are past realmode, put back at the end (or on the way out after a
 * failure), and as left.
 */
#define SMPSCOPE_CMOS_WHENS(X)                                                                     \
	X(CMOS_FOUND, "found")                                                                     \
	X(CMOS_SETUP, "setup")                                                                     \
	X(CMOS_DISARM, "disarm")                                                                   \
	X(CMOS_RESTORE, "restore")                                                                 \
	X(CMOS_AFTER, "after")

/* X(id, "name"): why a disarm (ev=cmos when=disarm reason=) came when it did. */
#define SMPSCOPE_DISARM_REASONS(X)                                                                 \
	X(DISARM_ALL_PAST_REALMODE, "all-past-realmode")                                           \
	X(DISARM_TIMEOUT, "timeout")

/*
 * X(id, "name"): what a parked AP did when its sleep ended (ev=park, ev=park-clobber
 * action=; docs/flows.md, "Park and rewake").
 */
#define SMPSCOPE_PARK_ACTIONS(X)                                                                   \
	X(PARK_ACT_NONE, "none")                                                                   \
	X(PARK_ACT_ANSWERED, "answered")                                                           \
	X(PARK_ACT_BAD_MAGIC, "ignored-bad-magic")                                                 \
	X(PARK_ACT_BAD_COMMAND, "ignored-bad-command")                                             \
	X(PARK_ACT_GAVE_UP, "gave-up")

/* X(id, "name"): what ended a parked AP's sleep (ev=park, ev=park-clobber by=). */
#define SMPSCOPE_PARK_BYS(X)                                                                       \
	X(PARK_BY_NONE, "none")                                                                    \
	X(PARK_BY_IPI, "ipi")                                                                      \
	X(PARK_BY_STORE, "store")                                                                  \
	X(PARK_BY_TIMER, "timer")

/*
 * X(id, "name"): how ev=timeout inferred= tells whose breadcrumbs a CPU's
 * are when its AP stopped before writing its ID into a record
 * (docs/flows.md, "Attribution").
 */
#define SMPSCOPE_ATTRIBUTIONS(X)                                                                   \
	X(ATTR_KICK_ORDER, "kick-order")                                                           \
	X(ATTR_CPUID, "cpuid")                                                                     \
	X(ATTR_COUNTERS, "counters")

/*
 * X(id, "name"): why a CPU of the table is outside the bringup's plan
 * (ev=trampoline outside=; docs/flows.md, "Broadcast"): a broadcast wakes it
 * anyway, and it parks in the trampoline. OUTSIDE_NONE: in the plan.
 */
#define SMPSCOPE_OUTSIDE_REASONS(X)                                                                \
	X(OUTSIDE_NONE, "none")                                                                    \
	X(OUTSIDE_BSP, "bsp")                                                                      \
	X(OUTSIDE_MADT_DISABLED, "madt-disabled")                                                  \
	X(OUTSIDE_MAXCPUS, "maxcpus")                                                              \
	X(OUTSIDE_XAPIC, "xapic")

#include "namelist.h"

SMPSCOPE_NAME_LIST(SMPSCOPE_EVENTS, ev_id, ev_names, EV_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_STEPS, step_id, step_names, STEP_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_PHASES, phase, phase_names, PH_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_CMOS_WHENS, cmos_when, cmos_when_names, CMOS_WHEN_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_DISARM_REASONS, disarm_reason, disarm_reason_names,
		   DISARM_REASON_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_PARK_ACTIONS, park_action, park_action_names, PARK_ACTION_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_PARK_BYS, park_by, park_by_names, PARK_BY_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_OUTSIDE_REASONS, outside_reason, outside_reason_names,
		   OUTSIDE_REASON_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_ATTRIBUTIONS, attribution_how, attribution_names, ATTRIBUTION_COUNT);

#endif
