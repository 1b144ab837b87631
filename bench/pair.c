// SPDX-License-Identifier: BSD-2-Clause
/*
 * The -finstrument-functions baseline with an event at entry and at exit,
 * against which a graph-traced call is held. A firmware of its own, as its
 * exit hook differs from the one that records entries only (calls.c); the
 * uninstrumented copy is measured again in this run.
 */
#include "baseline.h"
#include "workload.h"
#include "bench.h"

static struct wl_state states[2];
static const struct bench_copy plain = { plain_tiny, plain_mix, &states[0] };
static const struct bench_copy fin = { fin_tiny, fin_mix, &states[1] };

int main(void)
{
	struct bench_cost none, c;

	bench_warm_up(&plain);
	bench_warm_up(&fin);
	bench_measure(&plain, &none);
	baseline_reset();
	bench_measure(&fin, &c);
	CHECK_EQ(baseline_events(), 2 * BENCH_CALLS);
	bench_report("finstrument_pair", &c, &none);
	return 0;
}
