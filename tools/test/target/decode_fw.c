// SPDX-License-Identifier: BSD-2-Clause
/*
 * Firmware whose console log the decoder's tests read: other output, a text
 * dump of a function trace, more output, then a text dump of a graph trace
 * with a marker, recursion and calls of measurable length, on every hart.
 * Before the graph dump it stops in decode_fw_halt(), where a debugger can
 * take the same dump over its own connection (the capture test).
 */
#include "callgraph.h"
#include "check.h"

#define MARKER_ID	42

/* Both calls stay calls: no accumulator loop made of the second. */
TRACED unsigned int fib(unsigned int n)
{
	volatile unsigned int a, b;

	if (n < 2)
		return n;
	a = fib(n - 1);
	b = fib(n - 2);
	return a + b;
}

TRACED void busy(unsigned int n)
{
	volatile unsigned int i;

	for (i = 0; i < n; i++)
		;
}

TRACED int work(int x)
{
	busy(200 + 100 * (unsigned int)x);
	return top(x) + (int)fib(5);
}

static void work_on_hart(unsigned int hart, void *arg)
{
	(void)arg;
	if (work((int)hart) != 4 * (int)hart + 5 + 5)
		board_exit(90);
}

static void run_everywhere(void)
{
	board_run_others(work_on_hart, NULL);
	work_on_hart(board_hart_index(), NULL);
	board_wait_others();
}

/* The debugger's stop: empty, never inlined, never traced. */
RVT_NOTRACE __attribute__((noinline)) void decode_fw_halt(void)
{
	__asm__ volatile("" ::: "memory");
}

static uint64_t recorded(void)
{
	struct rvt_trace_stats st;

	CHECK_EQ(rvt_trace_stats(&st), 0);
	CHECK_EQ(st.overwritten + st.dropped, 0);
	return st.recorded;
}

int main(void)
{
	uint64_t n;

	CHECK(rvt_init(board_platform()) > 0);
	board_printf("decode_fw: %u harts\n", board_nr_harts());

	CHECK_EQ(rvt_ftrace_start(NULL), 0);
	run_everywhere();
	CHECK_EQ(rvt_ftrace_stop(), 0);
	n = recorded();
	CHECK(rvt_trace_dump_text(board_console_write, NULL) > 0);
	board_printf("decode_fw: function trace, %lu events\n", (unsigned long)n);

	CHECK_EQ(rvt_graph_start(NULL), 0);
	run_everywhere();
	rvt_trace_marker(MARKER_ID);
	CHECK_EQ(rvt_graph_stop(), 0);
	n = recorded();
	decode_fw_halt();
	CHECK(rvt_trace_dump_text(board_console_write, NULL) > 0);
	board_printf("decode_fw: graph trace, %lu events\n", (unsigned long)n);
	return 0;
}
