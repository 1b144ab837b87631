// SPDX-License-Identifier: BSD-2-Clause
/*
 * Firmware that streams its trace over the console for the whole run
 * (rvt_trace_read_text()), read by stream_test.sh through a pipe with
 * rvtrace-decode --follow:
 *
 * 1. a function trace: every other hart records numbered markers, one as
 *    fast as it can, the others paced, while this hart streams chunks; the
 *    host must find each number once or count it as lost;
 * 2. a graph trace: every hart calls the call graph CALLS times, with rings
 *    that hold all of it, so nothing is lost and every call must nest.
 */
#include "callgraph.h"
#include "check.h"

#define MARKS		3000u
#define MARK_ID(h, i)	((unsigned long)(h) << 24 | (i))
#define MARK_RING	256	/* events per hart: the reader falls behind */
#define CALLS		60
#define GRAPH_RING	1024	/* holds all CALLS calls of a hart */

static struct rvt_event buf[GRAPH_RING * BOARD_MAX_HARTS];
static volatile unsigned int finished;
static unsigned int chunks;

/* One chunk, if anything happened; counts those that went out. */
static void stream_once(void)
{
	int n = rvt_trace_read_text(board_console_write, NULL);

	CHECK(n >= 0);
	chunks += n > 0;
}

/* Until the workers are done, then what they left. */
static void stream_until_done(unsigned int workers)
{
	while (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) < workers)
		stream_once();
	board_wait_others();
	stream_once();
}

/* One hart as fast as it can, the others one marker per 50 or 200 us. */
static void mark(unsigned int hart, void *arg)
{
	const struct rvt_platform *p = board_platform();
	uint64_t period = p->clock_hz / 1000000u * (hart % 3 == 1 ? 200 :
						   hart % 3 == 2 ? 50 : 0);
	uint64_t t0 = p->clock();
	unsigned int i;

	(void)arg;
	for (i = 1; i <= MARKS; i++) {
		rvt_trace_marker(MARK_ID(hart, i));
		while (p->clock() - t0 < i * period)
			;
	}
	__atomic_fetch_add(&finished, 1, __ATOMIC_RELEASE);
}

static void calls(unsigned int hart, void *arg)
{
	int i;

	for (i = 0; i < CALLS; i++)
		callgraph_run(hart, arg);
	__atomic_fetch_add(&finished, 1, __ATOMIC_RELEASE);
}

static struct rvt_trace_config config(size_t ring_events)
{
	struct rvt_trace_config cfg = {
		.filter = callgraph, .filter_len = 4,
		.buffer = buf,
		.buffer_size = ring_events * board_nr_harts() *
			       sizeof(struct rvt_event),
	};

	return cfg;
}

int main(void)
{
	struct rvt_trace_config marks = config(MARK_RING);
	struct rvt_trace_config graph = config(GRAPH_RING);
	unsigned int streamed;

	CHECK(rvt_init(board_platform()) > 0);
	CHECK(board_nr_harts() > 1);
	board_printf("stream_fw: %u harts, %u markers each\n",
		     board_nr_harts(), MARKS);

	CHECK_EQ(rvt_ftrace_start(&marks), 0);
	board_run_others(mark, NULL);
	stream_until_done(board_nr_harts() - 1);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	streamed = chunks;

	finished = 0;
	CHECK_EQ(rvt_graph_start(&graph), 0);
	board_run_others(calls, NULL);
	calls(board_hart_index(), NULL);
	stream_until_done(board_nr_harts());
	CHECK_EQ(rvt_graph_stop(), 0);
	board_printf("stream_fw: %u chunks of markers, %u in all; %d graph calls per hart\n",
		     streamed, chunks, CALLS);
	return 0;
}
