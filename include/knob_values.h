/* SPDX-License-Identifier: MIT */
/*
 * The values of every enumerated knob: one list each, giving both the enum
 * the image uses and the names the knob table, the log and the host tools
 * use (docs/names.md, docs/knobs.md). fault='s kinds: include/fault_kinds.h.
 * A knob's value is its index in the list, so a new value goes at the end
 * unless every user of the enum is checked; the first is not the default
 * unless the knob table says so.
 */
#ifndef SMPSCOPE_KNOB_VALUES_H
#define SMPSCOPE_KNOB_VALUES_H

#include "namelist.h"

/*
 * flow=: how the APs are brought up (docs/flows.md). The third column says
 * whether the flow kicks every AP before it waits for the first: those keep
 * every kicked AP spinning while the BSP works through the others.
 */
#define SMPSCOPE_FLOWS(X)                                                                          \
	X(FLOW_SERIAL, "serial", 0)                                                                \
	X(FLOW_EARLY_KICK, "early-kick", 1)                                                        \
	X(FLOW_KICK_BEFORE_PREPARE, "kick-before-prepare", 1)                                      \
	X(FLOW_PARALLEL, "parallel", 0)                                                            \
	X(FLOW_BROADCAST, "broadcast", 0)

/* order=: the order of the APs in the serial flows. */
#define SMPSCOPE_ORDERS(X)                                                                         \
	X(ORDER_MADT, "madt")                                                                      \
	X(ORDER_PRIMARIES_FIRST, "primaries-first")                                                \
	X(ORDER_SIBLINGS_FIRST, "siblings-first")                                                  \
	X(ORDER_REVERSE, "reverse")

/* warm_reset=: when the CMOS warm-reset vector is set and put back. */
#define SMPSCOPE_WARM_RESETS(X)                                                                    \
	X(WR_PER_CPU, "per-cpu")                                                                   \
	X(WR_ONCE, "once")                                                                         \
	X(WR_OFF, "off")

/* tsc_sync=: which APs run the TSC warp test. */
#define SMPSCOPE_TSC_SYNCS(X)                                                                      \
	X(TSC_SYNC_EVERY, "every")                                                                 \
	X(TSC_SYNC_LINUX, "linux")                                                                 \
	X(TSC_SYNC_OFF, "off")                                                                     \
	X(TSC_SYNC_TOGETHER, "together")

/* apic=: the local APIC mode. */
#define SMPSCOPE_APIC_MODES(X)                                                                     \
	X(APIC_AUTO, "auto")                                                                       \
	X(APIC_XAPIC, "xapic")                                                                     \
	X(APIC_X2APIC, "x2apic")

/* log=: when the event ring goes to the consoles. */
#define SMPSCOPE_LOG_MODES(X)                                                                      \
	X(LOG_LIVE, "live")                                                                        \
	X(LOG_DEFERRED, "deferred")

/* ap_wait=: how an AP waits for the BSP. */
#define SMPSCOPE_AP_WAITS(X)                                                                       \
	X(AP_WAIT_SPIN, "spin")                                                                    \
	X(AP_WAIT_HLT, "hlt")

/* apicid_source=: the ID an AP looks its slot up by (docs/hardware.md); boot/ap_layout.h. */
#define SMPSCOPE_APICID_SOURCES(X)                                                                 \
	X(APICID_SRC_REGISTER, "register")                                                         \
	X(APICID_SRC_CPUID1, "cpuid1")                                                             \
	X(APICID_SRC_CPUID_B, "cpuid-b")

/* on_exit=: how the image leaves the machine once the verdict is out (docs/hardware.md, "Exit"). */
#define SMPSCOPE_ON_EXITS(X)                                                                       \
	X(ON_EXIT_AUTO, "auto")                                                                    \
	X(ON_EXIT_HALT, "halt")                                                                    \
	X(ON_EXIT_REBOOT, "reboot")

/* screen=: what the screen shows (docs/screen.md). */
#define SMPSCOPE_SCREENS(X)                                                                        \
	X(SCREEN_PANEL, "panel")                                                                   \
	X(SCREEN_LOG, "log")                                                                       \
	X(SCREEN_OFF, "off")
/* lastlog=: the words it takes besides an address (console/lastlog.h). */
#define SMPSCOPE_LASTLOG_MODES(X)                                                                  \
	X(LASTLOG_AUTO, "auto")                                                                    \
	X(LASTLOG_OFF, "off")

/* save=: whether a boot saves the previous boot's log to the stick (console/stick.h). */
#define SMPSCOPE_SAVE_MODES(X)                                                                     \
	X(SAVE_AUTO, "auto")                                                                       \
	X(SAVE_KNOB_OFF, "off")

/* park=: how a parked AP waits for its wake (docs/flows.md, "Park and rewake"). */
#define SMPSCOPE_PARKS(X)                                                                          \
	X(PARK_HLT, "hlt")                                                                         \
	X(PARK_MWAIT, "mwait")                                                                     \
	X(PARK_PAUSE, "pause")

/* wake=: what wakes a parked AP: a fixed IPI, or a store to the line it watches. */
#define SMPSCOPE_WAKES(X)                                                                          \
	X(WAKE_IPI, "ipi")                                                                         \
	X(WAKE_STORE, "store")

/*
 * between=: where the APs wait between two bringups (case=all's rungs, rounds=)
 * and after probe's identify pass: parked in the image's own hlt loop, INIT
 * sent just before the next kick; or sent INIT at once, back to wait-for-SIPI
 * (docs/flows.md, "Between bringups").
 */
#define SMPSCOPE_BETWEEN_MODES(X)                                                                  \
	X(BETWEEN_PARK, "park")                                                                    \
	X(BETWEEN_INIT, "init")

/* ladder=: case=all after a rung fails: skip the rest, or run them too (docs/flows.md). */
#define SMPSCOPE_LADDER_MODES(X)                                                                   \
	X(LADDER_STOP, "stop")                                                                     \
	X(LADDER_CONTINUE, "continue")

/*
 * fw_sim=: test-only, refused on metal (docs/knobs.md): the APIC state a firmware leaves,
 * put in place before the image looks: x2APIC on the BSP alone, or on every CPU.
 */
#define SMPSCOPE_FW_SIMS(X)                                                                        \
	X(FW_SIM_OFF, "off")                                                                       \
	X(FW_SIM_X2APIC_BSP, "x2apic-bsp")                                                         \
	X(FW_SIM_X2APIC_ALL, "x2apic-all")

/* Every on/off knob (postcode=, tsc_pairs=). */
#define SMPSCOPE_ONOFF(X)                                                                          \
	X(OFF, "off")                                                                              \
	X(ON, "on")

SMPSCOPE_NAME_LIST(SMPSCOPE_FLOWS, flow, flow_names, FLOW_COUNT);
/* The third column of SMPSCOPE_FLOWS: 1 for a flow that kicks every AP before the first wait. */
extern const unsigned char flow_kicks_all_first[FLOW_COUNT];
SMPSCOPE_NAME_LIST(SMPSCOPE_ORDERS, order, order_names, ORDER_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_WARM_RESETS, warm_reset, warm_reset_names, WR_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_TSC_SYNCS, tsc_sync, tsc_sync_names, TSC_SYNC_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_APIC_MODES, apic_knob, apic_knob_names, APIC_KNOB_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_LOG_MODES, log_mode, log_mode_names, LOG_MODE_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_AP_WAITS, ap_wait, ap_wait_names, AP_WAIT_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_APICID_SOURCES, apicid_source, apicid_source_names,
		   APICID_SOURCE_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_ON_EXITS, on_exit, on_exit_names, ON_EXIT_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_SCREENS, screen_mode, screen_mode_names, SCREEN_MODE_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_LASTLOG_MODES, lastlog_mode, lastlog_mode_names, LASTLOG_MODE_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_SAVE_MODES, save_mode, save_mode_names, SAVE_MODE_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_LADDER_MODES, ladder_mode, ladder_mode_names, LADDER_MODE_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_BETWEEN_MODES, between_mode, between_mode_names, BETWEEN_MODE_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_ONOFF, onoff, onoff_names, ONOFF_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_FW_SIMS, fw_sim, fw_sim_names, FW_SIM_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_PARKS, park_mode, park_names, PARK_COUNT);
SMPSCOPE_NAME_LIST(SMPSCOPE_WAKES, wake_kind, wake_names, WAKE_COUNT);

#endif
