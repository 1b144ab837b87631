// SPDX-License-Identifier: BSD-2-Clause
/*
 * Instructions per traced call of a tiny function for each tracer, counted
 * with minstret (exact under qemu -icount shift=0), over the same function
 * with its site armed and off. The full comparison with the compiler's own
 * instrumentation is bench/'s; this keeps the figures in the test output.
 */
#include "cost.h"

#define CALLS	1000

TRACED unsigned long tiny(unsigned long x)
{
	return x + 1;
}

static const void *const only_tiny[] = { (const void *)tiny };

/* Shared out among the platform's 8 harts: each ring holds every event. */
static struct rvt_event events[8 * 2 * CALLS];

int main(void)
{
	struct rvt_trace_config cfg = {
		.filter = only_tiny, .filter_len = 1,
		.buffer = events, .buffer_size = sizeof(events),
	};
	struct rvt_trace_stats st;
	struct rvt_profile_entry e = { .func = NULL };
	unsigned long off, ftrace, graph, profile;

	CHECK(rvt_init(board_platform()) > 0);
	off = per_call_x100(tiny, CALLS) / 100;

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	ftrace = per_call_x100(tiny, CALLS) / 100;
	CHECK_EQ(rvt_ftrace_stop(), 0);
	CHECK_EQ(rvt_trace_stats(&st), 0);
	CHECK_EQ(st.recorded, CALLS);

	CHECK_EQ(rvt_graph_start(&cfg), 0);
	graph = per_call_x100(tiny, CALLS) / 100;
	CHECK_EQ(rvt_graph_stop(), 0);
	CHECK_EQ(rvt_trace_stats(&st), 0);
	CHECK_EQ(st.recorded, 2 * CALLS);

	cfg.buffer = NULL;
	CHECK_EQ(rvt_profile_start(&cfg), 0);
	profile = per_call_x100(tiny, CALLS) / 100;
	CHECK_EQ(rvt_profile_stop(), 0);
	CHECK_EQ(rvt_profile_next(&e), 0);
	CHECK_EQ(e.hits, CALLS);

	board_printf("trace_cost: instructions per traced call over hook off (%lu): function tracer +%lu, graph tracer +%lu, profiler +%lu\n",
		     off, ftrace - off, graph - off, profile - off);
	/* Each tracer ran on every call; a graph call records two events. */
	CHECK(ftrace > off && graph > ftrace && profile > off);
	return 0;
}
