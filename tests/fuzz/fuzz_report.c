/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for smpscope-report: any bytes as a serial log (or a LAVA
 * job's log), through the parser and then every output, the fleet page too,
 * so that a field the parser lets through half-filled is caught where it is
 * used, not only where it is read.
 * Built and run by `make fuzz`; see docs/fuzzing.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../tools/report/bisect.h"
#include "../../tools/report/fleet.h"
#include "../../tools/report/model.h"
#include "../../tools/report/output.h"
#include "../../tools/report/svg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "fuzz.log" };
	struct rpt_log *log;
	struct fleet *fleet;

	/* Once, not per input: an fopen per run would be most of the fuzzer's time. */
	if (!sink) {
		sink = fopen("/dev/null", "w");
		if (!sink)
			abort();
	}
	/* The tool keeps its log in static storage; the heap lets ASan see overruns of it. */
	log = malloc(sizeof(*log));
	if (!log)
		return 0;
	if (rpt_parse_text((const char *)data, size, log)) {
		/* Out of memory halfway: what it did keep must still be freeable. */
		rpt_free(log);
		free(log);
		return 0;
	}
	print_json(sink, log);
	print_table(sink, log);
	for (int b = 0; b < log->nboots; b++)
		print_svg(sink, log, b);
	print_bisect(sink, log, names, 1);
	rpt_free(log);
	free(log);
	/* The fleet page reads the text again: its unreadable rows look at the bytes too. */
	fleet = calloc(1, sizeof(*fleet));
	if (!fleet)
		return 0;
	if (!fleet_add(fleet, names[0], (const char *)data, size))
		print_fleet(sink, fleet);
	fleet_free(fleet);
	free(fleet);
	return 0;
}
