/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the benchmark firmware shares: result lines, and the loops that count
 * instructions around the workloads (measure.c).
 *
 * A result line is "@bench <case> <variant> <value> <unit> <baseline>",
 * numbers with two decimals, "-" for no baseline; tools/bench.sh collects
 * them, the firmware only measures and checks that every configuration did
 * the work (the same results, every call seen by its hook).
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdint.h>

#include "board.h"
#include "workload.h"
#include "check.h"

#define BENCH_NO_BASELINE	INT64_MIN

/* value and baseline in hundredths of unit. */
void bench_row(const char *name, const char *variant, int64_t value,
	       const char *unit, int64_t baseline);

/* Hundredths of an instruction per call, rounded towards zero. */
int64_t bench_per(int64_t insns, unsigned long calls);

struct bench_copy {
	unsigned long (*tiny)(unsigned long x);
	unsigned long (*mix)(struct wl_state *s, unsigned long seed);
	struct wl_state *state;	/* the copy's own */
};

/* Instructions retired running the two workload loops of one copy. */
struct bench_cost {
	uint64_t tiny;
	uint64_t mix;
};

#define BENCH_TINY_CALLS	1000UL
#define BENCH_MIX_STEPS		50UL
#define BENCH_CALLS		(BENCH_TINY_CALLS + BENCH_MIX_STEPS * WL_MIX_CALLS)

/*
 * Run a copy's loops once without counting, so that the workload's table is
 * in the state every measured run sees. Every measured copy must give the
 * result of the first one measured.
 */
void bench_warm_up(const struct bench_copy *c);
void bench_measure(const struct bench_copy *c, struct bench_cost *out);

/* Rows "name tiny" and "name mix": cost per call over the uninstrumented copy. */
void bench_report(const char *name, const struct bench_cost *c,
		  const struct bench_cost *none);

#endif
