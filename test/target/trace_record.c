// SPDX-License-Identifier: BSD-2-Clause
/*
 * The trampoline's jump that saves nothing and the tracers' assembly
 * recorders behind it (the function tracer's; the graph tracer's entry and
 * its exit in rvt_graph_return), on a platform whose hart number is mhartid
 * and whose clock is the time CSR (M-mode on virt):
 *
 * 1. (one hart, -icount) a lone DIRECT hook to "jr t0" costs at most 12
 *    instructions per call over the site switched off, the function tracer
 *    alone less than a C hook that does nothing, the graph tracer alone
 *    less than with a filter (its C entry): the recorders skip the
 *    dispatcher;
 * 2. the recorders write the events the plain hooks write (a tracer with a
 *    filter takes the general path): same functions, callers and info, in
 *    the same order;
 * 3. a site shared by the function tracer and a C hook: both see every
 *    call, and the recorder takes over again when the hook leaves;
 * 4. timer interrupts every few dozen instructions, landing inside the
 *    recorders, with a handler that calls a traced function: every event
 *    whole, one per call (entry and exit for the graph tracer), by
 *    function;
 * 5. (8 harts) each tracer started and stopped again and again while every
 *    other hart calls a traced function: each stop returns 0, every event
 *    is whole, and the function tracer records nothing after its stop.
 */
#include <stdbool.h>

#include "callgraph.h"
#include "check.h"
#include "cost.h"
#include "dumpbuf.h"

#define CALLS		1000
#define IRQ_CALLS	150
#define ROUNDS		20

/* The library's recorders and the tests' empty DIRECT trampoline. */
void rvt_ftrace_record(void);
void rvt_graph_record(void);
void rvt_graph_return(void);
void direct_tramp_empty(void);

TRACED unsigned long tiny(unsigned long x)
{
	return x + 1;
}

TRACED unsigned long in_irq(unsigned long x)
{
	return x + 2;
}

/* As much as one dump into dumpbuf.c's buffer holds. */
static struct rvt_event events[960] __attribute__((aligned(8)));

static struct rvt_trace_config whole = {
	.buffer = events, .buffer_size = sizeof(events),
};

static const void *const only_tiny[] = { (const void *)tiny };

/* The function tracer or the graph tracer. */
RVT_NOTRACE static int start(bool graph, const struct rvt_trace_config *cfg)
{
	return graph ? rvt_graph_start(cfg) : rvt_ftrace_start(cfg);
}

RVT_NOTRACE static int stop(bool graph)
{
	return graph ? rvt_graph_stop() : rvt_ftrace_stop();
}

/*
 * Events of kind for func on hart h in the last dump; every slot must be
 * whole, an entry or (with graph) an exit, at depth 0.
 */
RVT_NOTRACE static uint32_t events_of(unsigned int h, const void *func,
				      unsigned int kind, bool graph)
{
	const struct rvt_event *e;
	uint32_t n, i, found = 0;

	e = dump_events(h, &n, NULL);
	for (i = 0; i < n; i++) {
		unsigned int k = RVT_EVENT_KIND(e[i].info);

		CHECK(k == RVT_EVENT_ENTRY || (graph && k == RVT_EVENT_EXIT));
		CHECK_EQ(RVT_EVENT_HART(e[i].info), h);
		CHECK_EQ(RVT_EVENT_DEPTH(e[i].info), 0);
		found += e[i].func == (uintptr_t)func && k == kind;
	}
	return found;
}

static void costs(void)
{
	static struct rvt_ops null_hook = { .func = null_call };
	static struct rvt_ops direct = { .func = NULL };
	struct rvt_trace_config filtered = whole;
	unsigned long off, lone_direct, c_hook, recorder, graph, graph_c;

	off = per_call_x100(tiny, CALLS);
	CHECK_EQ(rvt_register_direct(&direct,
				     (unsigned long)direct_tramp_empty), 0);
	lone_direct = per_call_x100(tiny, CALLS);
	CHECK_EQ(rvt_unregister_direct(&direct), 0);
	CHECK_EQ(rvt_register(&null_hook), 0);
	c_hook = per_call_x100(tiny, CALLS);
	CHECK_EQ(rvt_unregister(&null_hook), 0);
	CHECK_EQ(rvt_ftrace_start(&whole), 0);
	recorder = per_call_x100(tiny, CALLS);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	CHECK_EQ(rvt_graph_start(&whole), 0);
	graph = per_call_x100(tiny, CALLS);
	CHECK_EQ(rvt_graph_stop(), 0);
	filtered.filter = only_tiny;
	filtered.filter_len = 1;
	CHECK_EQ(rvt_graph_start(&filtered), 0);
	graph_c = per_call_x100(tiny, CALLS);
	CHECK_EQ(rvt_graph_stop(), 0);
	board_printf("per call over off, x100: lone DIRECT %lu, C hook %lu, "
		     "recorder %lu, graph %lu (with its C entry %lu)\n",
		     lone_direct - off, c_hook - off, recorder - off,
		     graph - off, graph_c - off);
	CHECK(lone_direct <= off + 1200);
	CHECK(recorder < c_hook);
#ifndef RVT_TEST_CALL_OPS
	CHECK(graph < graph_c);
#else
	/* Each site's slot names the recorder, filter or not. */
	(void)graph_c;
#endif
}

/* 2: the recorders' events against the plain hooks', call by call. */
#define MOST_EVENTS	(2 * CALLGRAPH_CALLS)
static struct rvt_event plain[MOST_EVENTS];

/* The call graph's events in the last dump: want of them. */
RVT_NOTRACE static void take_graph(struct rvt_event *out, uint32_t want)
{
	const struct rvt_event *e;
	uint32_t n, i, k = 0, j;

	dump_take();
	e = dump_events(board_hart_index(), &n, NULL);
	for (i = 0; i < n; i++)
		for (j = 0; j < 4; j++)
			if (e[i].func == (uintptr_t)callgraph[j]) {
				CHECK(k < want);
				out[k++] = e[i];
			}
	CHECK_EQ(k, want);
}

RVT_NOTRACE static void compare(const struct rvt_event *fast, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		CHECK_EQ(fast[i].func, plain[i].func);
		CHECK_EQ(fast[i].caller, plain[i].caller);
		CHECK_EQ(fast[i].info, plain[i].info);
		if (i)
			CHECK(fast[i].ts >= fast[i - 1].ts);
	}
}

/* A tail call: tail_inner() returns straight to tail_outer()'s caller. */
TRACED int tail_inner(int x)
{
	return x * 5;
}

TRACED int tail_outer(int x)
{
	return tail_inner(x + 1);
}

RVT_NOTRACE __attribute__((noinline)) static void run_tail(void)
{
	CHECK_EQ(tail_outer(2), 15);
}

/*
 * With a tail call the inner function's return address is already
 * rvt_graph_return: its caller is found in the frame below, for the entry
 * and for the exit alike.
 */
RVT_NOTRACE static void tail_call_callers(void)
{
	const struct rvt_event *e;
	uint32_t n, i, seen = 0;

	CHECK_EQ(rvt_graph_start(&whole), 0);
	run_tail();
	CHECK_EQ(rvt_graph_stop(), 0);
	dump_take();
	e = dump_events(board_hart_index(), &n, NULL);
	for (i = 0; i < n; i++) {
		if (e[i].func != (uintptr_t)tail_inner &&
		    e[i].func != (uintptr_t)tail_outer)
			continue;
		seen++;
		CHECK(e[i].caller != (uintptr_t)rvt_graph_return);
		CHECK(callgraph_inside(e[i].caller, run_tail) ||
		      callgraph_inside(e[i].caller, tail_outer));
	}
	CHECK_EQ(seen, 4);
}

/* One call site for both runs: the first event's caller is here. */
RVT_NOTRACE __attribute__((noinline)) static void run_top(void)
{
	CHECK_EQ(top(1), 9);
}

/* The call graph traced once: its want events. */
RVT_NOTRACE static void trace_top(bool graph,
				  const struct rvt_trace_config *cfg,
				  struct rvt_event *out, uint32_t want)
{
	CHECK_EQ(start(graph, cfg), 0);
	run_top();
	CHECK_EQ(stop(graph), 0);
	take_graph(out, want);
}

/* Each tracer through its plain hook (a filter) and its recorder. */
static void same_events(void)
{
	struct rvt_trace_config filtered = whole;
	struct rvt_event fast[MOST_EVENTS];
	int graph;

	filtered.filter = callgraph;
	filtered.filter_len = 4;
	for (graph = 0; graph < 2; graph++) {
		uint32_t n = graph ? MOST_EVENTS : CALLGRAPH_CALLS;

		trace_top(graph, &filtered, plain, n);
		trace_top(graph, &whole, fast, n);
		compare(fast, n);
	}
	CHECK_EQ(RVT_EVENT_DEPTH(fast[2].info), 2);	/* top, left, leaf */
	tail_call_callers();
}

/* 3: the tracer and a C hook on the same site. */
static void shared_site(void)
{
	static struct rvt_ops hook = {
		.func = count_call, .filter = only_tiny, .filter_len = 1,
	};
	unsigned long i, before = counted_total();
	unsigned int h = board_hart_index();

	CHECK_EQ(rvt_ftrace_start(&whole), 0);
	CHECK_EQ(rvt_register(&hook), 0);
	for (i = 0; i < 10; i++)
		CHECK_EQ(tiny(i), i + 1);
	CHECK_EQ(rvt_unregister(&hook), 0);
	for (i = 0; i < 5; i++)
		CHECK_EQ(tiny(i), i + 1);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	CHECK_EQ(counted_total() - before, 10);
	dump_take();
	CHECK_EQ(events_of(h, tiny, RVT_EVENT_ENTRY, false), 15);
}

/* 4: interrupts that land inside the recorder. */
static volatile unsigned long irq_calls, irq_in_recorder;

/* Whether pc lies in the recorder that starts at entry (they are small). */
RVT_NOTRACE static bool inside(unsigned long pc, void (*entry)(void))
{
	return pc - (unsigned long)entry < 512;
}

RVT_NOTRACE void board_timer_interrupt(void)
{
	unsigned long epc;

	__asm__ __volatile__("csrr %0, mepc" : "=r"(epc));
	if (inside(epc, rvt_ftrace_record) || inside(epc, rvt_graph_record) ||
	    inside(epc, rvt_graph_return))
		irq_in_recorder++;
	CHECK_EQ(in_irq(irq_calls), irq_calls + 2);
	if (++irq_calls < IRQ_CALLS)
		board_timer_set(1 + irq_calls % 3);
}

static void interrupted(bool graph)
{
	unsigned int h = board_hart_index(), per_call = graph ? 2 : 1;
	unsigned long thread_calls = 0;
	struct rvt_trace_stats st;

	irq_calls = irq_in_recorder = 0;
	CHECK_EQ(start(graph, &whole), 0);
	board_timer_set(1);
	while (irq_calls < IRQ_CALLS) {
		CHECK_EQ(tiny(thread_calls), thread_calls + 1);
		thread_calls++;
	}
	CHECK_EQ(stop(graph), 0);
	CHECK_EQ(rvt_trace_stats(&st), 0);
	dump_take();
	board_printf("%s: %lu calls, %lu in interrupts, %lu of them inside "
		     "the recorders\n", graph ? "graph" : "function",
		     thread_calls, irq_calls, irq_in_recorder);
	CHECK(irq_in_recorder > 0);
	/* Every call recorded, nothing lost, overwritten or torn. */
	CHECK(per_call * (thread_calls + IRQ_CALLS) <=
	      sizeof(events) / sizeof(events[0]) / board_nr_harts());
	CHECK_EQ(events_of(h, tiny, RVT_EVENT_ENTRY, graph), thread_calls);
	CHECK_EQ(events_of(h, in_irq, RVT_EVENT_ENTRY, graph), IRQ_CALLS);
	if (graph) {
		CHECK_EQ(events_of(h, tiny, RVT_EVENT_EXIT, true),
			 thread_calls);
		CHECK_EQ(events_of(h, in_irq, RVT_EVENT_EXIT, true),
			 IRQ_CALLS);
	}
	CHECK(st.recorded >= per_call * (thread_calls + IRQ_CALLS));
	CHECK_EQ(st.overwritten + st.dropped, 0);
}

/* 5: start and stop under load on every hart. */
static volatile bool workers_stop;
static unsigned long worker_calls[BOARD_MAX_HARTS];

RVT_NOTRACE static void worker(unsigned int hart, void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&workers_stop, __ATOMIC_RELAXED)) {
		CHECK_EQ(tiny(hart), hart + 1);
		__atomic_store_n(&worker_calls[hart], worker_calls[hart] + 1,
				 __ATOMIC_RELAXED);
	}
}

/*
 * A graph frame pushed before the stop still records its exit after it, as
 * it did before the recorders: only the function tracer's counts must stand
 * still.
 */
static void start_stop_under_load(void)
{
	struct rvt_trace_stats st, later;
	unsigned int round, h;
	unsigned long i;

	workers_stop = false;
	board_run_others(worker, NULL);
	/* Every hart calling before the first start. */
	for (h = 0; h < board_nr_harts(); h++)
		while (h != board_hart_index() &&
		       !__atomic_load_n(&worker_calls[h], __ATOMIC_RELAXED))
			;
	for (round = 0; round < ROUNDS; round++) {
		bool graph = round & 1;

		CHECK_EQ(start(graph, &whole), 0);
		for (i = 0; i < 200; i++)
			CHECK_EQ(tiny(i), i + 1);
		CHECK_EQ(stop(graph), 0);
		CHECK_EQ(rvt_trace_stats(&st), 0);
		for (i = 0; i < 2000; i++)
			CHECK_EQ(tiny(i), i + 1);
		CHECK_EQ(rvt_trace_stats(&later), 0);
		if (!graph) {
			CHECK_EQ(later.recorded, st.recorded);
			CHECK_EQ(later.overwritten, st.overwritten);
		}
		dump_take();
		for (h = 0; h < board_nr_harts(); h++)
			events_of(h, tiny, RVT_EVENT_ENTRY, graph);
	}
	workers_stop = true;
	board_wait_others();
}

int main(void)
{
	static struct rvt_platform plat;

	/* The rings share the buffer out among the harts there are. */
	plat = *board_platform();
	plat.nr_harts = board_nr_harts();
	CHECK(plat.fast & RVT_PLAT_FAST_MHARTID);
	CHECK(rvt_init(&plat) > 0);
	if (board_nr_harts() == 1) {
		costs();
		same_events();
		shared_site();
		interrupted(false);
		interrupted(true);
	} else {
		start_stop_under_load();
	}
	board_printf("trace_record: ok\n");
	return 0;
}
