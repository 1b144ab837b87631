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
 *    function, and with argument registers or return values each entry's
 *    or exit's data events after it, its first value the call's argument
 *    or result;
 * 5. (8 harts) each tracer started and stopped again and again while every
 *    other hart calls a traced function: each stop returns 0, every event
 *    is whole, and the function tracer records nothing after its stop;
 * 6. each tracer with 1 to 8 argument registers: the function tracer's
 *    recorder with values costs less than half the plain hook's way, and
 *    each leaves the ring, slot by slot, as the plain hook does (a C hook
 *    on the same site makes the tracer take it), in rings so small that
 *    the groups of slots wrap, and in stop mode, where the last group that
 *    does not fit leaves placeholders up to the end;
 * 7. the claims near 2^32, where a claim's seq reads as busy: each
 *    recorder takes that slot back on the next lap (seq_wrap()), on rv32
 *    across the wrap of the claim counter;
 * 8. stop mode after as good as 2^31 dropped claims: each recorder takes a
 *    claim with the top bit set back, so the full ring is never written
 *    over (full_stays_full()).
 */
#include <stdbool.h>

#include "callgraph.h"
#include "check.h"
#include "cost.h"
#include "dumpbuf.h"
/* Only to move a ring's claim counter (seq_wrap(), full_stays_full()). */
#include "../../lib/ring.h"

#define CALLS		1000
#define IRQ_CALLS	150
#define ROUNDS		20

/* The library's recorders and the tests' empty DIRECT trampoline. */
void rvt_ftrace_record(void);
void rvt_ftrace_record_args(void);
void rvt_graph_record_args(void);
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

/* Every argument register has its own weight: a swapped one shows. */
TRACED long weigh8(long a, long b, long c, long d, long e, long f, long g,
		   long h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

static const void *const only_traced[] = { (const void *)tiny,
					   (const void *)weigh8 };

/* A C hook on the tracer's sites: the tracer takes the plain hook's way. */
static struct rvt_ops sharer = {
	.func = null_call, .filter = only_traced, .filter_len = 2,
};

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
 * Data events after each entry (its argument registers) and after each
 * exit (its return value), in 4 and 6.
 */
static unsigned int data_per_entry, data_per_exit;

/*
 * Events of kind for func on hart h in the last dump; every slot must be
 * whole, an entry (and its data events) or (with graph) an exit, at depth
 * 0.
 */
RVT_NOTRACE static uint32_t events_of(unsigned int h, const void *func,
				      unsigned int kind, bool graph)
{
	const struct rvt_event *e;
	uint32_t n, i, j, found = 0;
	/* The calls of func are func(0), func(1), ...: tiny adds 1, in_irq 2. */
	uint64_t arg = 0, ret = func == (const void *)tiny ? 1 : 2;

	e = dump_events(h, &n, NULL);
	for (i = 0; i < n; i++) {
		unsigned int k = RVT_EVENT_KIND(e[i].info);
		bool ours = e[i].func == (uintptr_t)func;
		unsigned int data = k == RVT_EVENT_ENTRY ? data_per_entry :
							  data_per_exit;

		CHECK(k == RVT_EVENT_ENTRY || (graph && k == RVT_EVENT_EXIT));
		CHECK_EQ(RVT_EVENT_HART(e[i].info), h);
		CHECK_EQ(RVT_EVENT_DEPTH(e[i].info), 0);
		found += ours && k == kind;
		for (j = 0; j < data; j++) {
			CHECK(i + 1 < n);
			CHECK_EQ(RVT_EVENT_KIND(e[++i].info), RVT_EVENT_DATA);
			if (ours && !j && k == RVT_EVENT_ENTRY)
				CHECK(e[i].ts == arg++);
			else if (ours && !j)
				CHECK(e[i].ts == ret++);
		}
	}
	return found;
}

static void costs(void)
{
	static struct rvt_ops null_hook = { .func = null_call };
	static struct rvt_ops direct = { .func = NULL };
	struct rvt_trace_config filtered = whole, args = whole;
	unsigned long off, lone_direct, c_hook, recorder, graph, graph_c;
	unsigned long with_args, with_args_c, graph_vals;

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
	args.flags = RVT_TRACE_RETVAL;
	CHECK_EQ(rvt_graph_start(&args), 0);
	graph_vals = per_call_x100(tiny, CALLS);
	CHECK_EQ(rvt_graph_stop(), 0);
	args.flags = 0;
	args.nr_args = 2;
	CHECK_EQ(rvt_ftrace_start(&args), 0);
	with_args = per_call_x100(tiny, CALLS);
	CHECK_EQ(rvt_register(&sharer), 0);
	with_args_c = per_call_x100(tiny, CALLS);
	CHECK_EQ(rvt_unregister(&sharer), 0);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	board_printf("per call over off, x100: lone DIRECT %lu, C hook %lu, "
		     "recorder %lu, graph %lu (with its C entry %lu), "
		     "two arguments %lu (shared with a C hook %lu), graph "
		     "with return values %lu\n",
		     lone_direct - off, c_hook - off, recorder - off,
		     graph - off, graph_c - off, with_args - off,
		     with_args_c - off, graph_vals - off);
	CHECK(lone_direct <= off + 1200);
	CHECK(recorder < c_hook);
	CHECK(2 * (with_args - off) < with_args_c - off);
	/* The C exit with values took about four times the graph's call. */
	CHECK(graph_vals - off < 2 * (graph - off));
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

/* The graph tracer started with cfg around run(): this hart's n events. */
RVT_NOTRACE static const struct rvt_event *
graph_traced(const struct rvt_trace_config *cfg, void (*run)(void),
	     uint32_t *n)
{
	CHECK_EQ(rvt_graph_start(cfg), 0);
	run();
	CHECK_EQ(rvt_graph_stop(), 0);
	dump_take();
	return dump_events(board_hart_index(), n, NULL);
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

	e = graph_traced(&whole, run_tail, &n);
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

/*
 * The graph tracer with return values: every exit followed by its data
 * event, a0 the function's result, in the order the call graph returns.
 */
static void retval_events(void)
{
	static const uint64_t results[] = { 2, 4, 2, 3, 5, 9 };
	const void *const returns[] = {
		(const void *)leaf, (const void *)left, (const void *)leaf,
		(const void *)leaf, (const void *)right, (const void *)top,
	};
	struct rvt_trace_config cfg = whole;
	const struct rvt_event *e;
	uint32_t n, i, exits = 0;

	cfg.flags = RVT_TRACE_RETVAL;
	e = graph_traced(&cfg, run_top, &n);
	for (i = 0; i < n; i++) {
		if (RVT_EVENT_KIND(e[i].info) != RVT_EVENT_EXIT)
			continue;
		CHECK(exits < 6);
		CHECK(i + 1 < n);
		CHECK_EQ(RVT_EVENT_KIND(e[i + 1].info), RVT_EVENT_DATA);
		CHECK_EQ(e[i + 1].seq, e[i].seq + 1);
		CHECK_EQ(RVT_DATA_FIRST(e[i + 1].info), RVT_DATA_RET_A0);
#ifdef RVT_REGS_FP
		CHECK_EQ(RVT_DATA_COUNT(e[i + 1].info), 3);
#else
		CHECK_EQ(RVT_DATA_COUNT(e[i + 1].info), 2);
		CHECK(e[i + 1].caller == 0);
#endif
		CHECK(e[i + 1].ts == results[exits]);
		CHECK_EQ(e[i].func, (uintptr_t)returns[exits]);
		exits++;
	}
	CHECK_EQ(exits, 6);
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
	return pc - (unsigned long)entry < 1024;
}

RVT_NOTRACE void board_timer_interrupt(void)
{
	unsigned long epc;

	__asm__ __volatile__("csrr %0, mepc" : "=r"(epc));
	if (inside(epc, rvt_ftrace_record) || inside(epc, rvt_graph_record) ||
	    inside(epc, rvt_graph_return) ||
	    inside(epc, rvt_ftrace_record_args) ||
	    inside(epc, rvt_graph_record_args))
		irq_in_recorder++;
	CHECK_EQ(in_irq(irq_calls), irq_calls + 2);
	if (++irq_calls < IRQ_CALLS)
		board_timer_set(1 + irq_calls % 3);
}

/*
 * The slots one call of tiny() claims, with nr_args argument registers and
 * flags (the graph tracer's return values); sets data_per_entry and
 * data_per_exit.
 */
RVT_NOTRACE static unsigned int call_slots(bool graph, unsigned int nr_args,
					   unsigned int flags)
{
	data_per_entry = (nr_args + 2) / 3;
#ifdef RVT_REGS_FP
	data_per_entry *= 2;
#endif
	data_per_exit = flags & RVT_TRACE_RETVAL ? 1 : 0;
	return 1 + data_per_entry + (graph ? 1 + data_per_exit : 0);
}

/*
 * With nr_args argument registers (the function tracer), or flags (the
 * graph tracer's return values).
 */
static void interrupted(bool graph, unsigned int nr_args, unsigned int flags)
{
	struct rvt_trace_config cfg = whole;
	unsigned int h = board_hart_index(), per_call;
	unsigned long thread_calls = 0;
	struct rvt_trace_stats st;

	cfg.nr_args = nr_args;
	cfg.flags = flags;
	per_call = call_slots(graph, nr_args, flags);
	irq_calls = irq_in_recorder = 0;
	CHECK_EQ(start(graph, &cfg), 0);
	board_timer_set(1);
	while (irq_calls < IRQ_CALLS) {
		CHECK_EQ(tiny(thread_calls), thread_calls + 1);
		thread_calls++;
	}
	CHECK_EQ(stop(graph), 0);
	CHECK_EQ(rvt_trace_stats(&st), 0);
	dump_take();
	board_printf("%s (%u arguments, %u values an exit): %lu calls, %lu in "
		     "interrupts, %lu of them inside the recorders\n",
		     graph ? "graph" : "function", nr_args, data_per_exit,
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
	data_per_entry = data_per_exit = 0;
}

/*
 * A ring of four calls' slots (with flags, extra the start's own), filled
 * by four calls; returns its capacity.
 */
static unsigned int four_calls_ring(bool graph, unsigned int nr_args,
				    unsigned int flags, unsigned int extra)
{
	const unsigned int cap = 4 * call_slots(graph, nr_args, flags);
	const struct rvt_trace_config cfg = {
		.nr_args = nr_args, .flags = flags | extra,
		.buffer = events, .buffer_size = cap * sizeof(events[0]),
	};
	unsigned int i;

	CHECK_EQ(start(graph, &cfg), 0);
	for (i = 0; i < 4; i++)
		CHECK_EQ(tiny(i), i + 1);
	return cap;
}

/*
 * 7: a ring of four calls' slots, its claim counter moved a lap short of
 * 2^32, then two laps of calls. Claim 0xfffffffe is published with seq
 * 0xffffffff, which reads as busy; on the next lap the recorder that meets
 * it has no other writer of the ring in flight and takes the slot back, so
 * no slot reads busy at the end. (Before, every later writer gave its
 * claim up there, and the slot stayed so for good.)
 */
static void seq_wrap(bool graph, unsigned int nr_args, unsigned int flags)
{
	/* Every slot written once, as after 2^32 claims. */
	const unsigned int cap = four_calls_ring(graph, nr_args, flags, 0);
	struct rvt_ring *r = &rvt_trace.rings[board_hart_index()];
	const unsigned long near = (unsigned long)(0x100000000ull - cap);
	unsigned int i;

	r->head = near;
	for (i = 0; i < 4; i++)
		CHECK_EQ(tiny(i), i + 1);
	/*
	 * Claim 0xfffffffe published as busy, 0xffffffff with seq 0 (on
	 * rv32 a claim equal to the "no limit" of overwrite mode).
	 */
	CHECK_EQ(events[(near + cap - 2) % cap].seq, 0xffffffffu);
	CHECK_EQ(events[(near + cap - 1) % cap].seq, 0);
	for (i = 0; i < 4; i++)
		CHECK_EQ(tiny(i), i + 1);
	CHECK_EQ(r->head, near + 2 * cap);
	CHECK_EQ(stop(graph), 0);
	/* The last lap whole: claim c in slot c % cap, with seq c + 1. */
	for (i = 0; i < cap; i++) {
		unsigned long c = near + cap + i;

		CHECK_EQ(events[c % cap].seq, (uint32_t)(c + 1));
	}
	data_per_entry = data_per_exit = 0;
}

/*
 * 8: stop mode, a ring of four calls' slots filled, its claim counter moved
 * two calls short of the top bit: those two calls' claims are dropped, and
 * every claim after them, which would have the top bit set, is taken back,
 * so the counter rests at the top bit. Then the counter as after the wrap
 * that would have come 2^(XLEN-1) claims later (2^32 on rv32: an hour of a
 * busy hart): the claims are taken back there too. Before, the claims went
 * on, and past the wrap they were below the limit again: the ring's events
 * were written over.
 */
static void full_stays_full(bool graph, unsigned int nr_args,
			    unsigned int flags)
{
	const unsigned int cap = four_calls_ring(graph, nr_args, flags,
						 RVT_TRACE_STOP_WHEN_FULL);
	const unsigned int per = cap / 4;
	struct rvt_ring *r = &rvt_trace.rings[board_hart_index()];
	const unsigned long top = ~0ul / 2 + 1, wrapped = 0ul - 2 * per;
	static struct rvt_event kept[64];
	unsigned int i;

	CHECK(cap <= 64);
	for (i = 0; i < cap; i++)
		kept[i] = events[i];
	r->head = top - 2 * per;
	for (i = 0; i < 4; i++)
		CHECK_EQ(tiny(i), i + 1);
	CHECK_EQ(r->head, top);
	r->head = wrapped;
	for (i = 0; i < 4; i++)
		CHECK_EQ(tiny(i), i + 1);
	CHECK_EQ(r->head, wrapped);
	CHECK_EQ(stop(graph), 0);
	for (i = 0; i < cap; i++) {
		CHECK_EQ(events[i].seq, kept[i].seq);
		CHECK_EQ(events[i].ts, kept[i].ts);
		CHECK_EQ(events[i].info, kept[i].info);
	}
	data_per_entry = data_per_exit = 0;
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

/* 6: entries with argument registers. */
#define ARGS_CALLS	5

/*
 * The ring (one hart) after ARGS_CALLS calls of weigh8() with the function
 * or graph tracer's nr argument registers, through the recorder (fast) or
 * the plain hook, in a ring of cap slots; its counts in st.
 */
RVT_NOTRACE static void args_run(bool graph, bool fast, unsigned int nr,
				 unsigned int flags, struct rvt_event *ring,
				 unsigned int cap, struct rvt_trace_stats *st)
{
	const struct rvt_trace_config cfg = {
		.buffer = ring, .buffer_size = cap * sizeof(*ring),
		.nr_args = nr, .flags = flags,
	};
	long i;

	CHECK_EQ(start(graph, &cfg), 0);
	if (!fast)
		CHECK_EQ(rvt_register(&sharer), 0);
	for (i = 0; i < ARGS_CALLS; i++)
		CHECK_EQ(weigh8(1, 2, 3, 4, 5, 6, 7, 8 + i), 204 + 8 * i);
	if (!fast)
		CHECK_EQ(rvt_unregister(&sharer), 0);
	CHECK_EQ(stop(graph), 0);
	CHECK_EQ(rvt_trace_stats(st), 0);
}

/*
 * The entry of the last call that ring holds whole, with its nr values
 * (a0..; its group of slots: group, and per_call slots a call); in stop
 * mode the calls that fit.
 */
RVT_NOTRACE static void args_check_last(const struct rvt_event *ring,
					unsigned int cap, unsigned int nr,
					unsigned int group, unsigned int per_call,
					unsigned int stop)
{
	const struct rvt_event *e = NULL;
	unsigned int i, k, call;

	for (i = 0; i < cap; i++)
		if (RVT_EVENT_KIND(ring[i].info) == RVT_EVENT_ENTRY &&
		    (!e || ring[i].seq > e->seq))
			e = &ring[i];
	CHECK(e);
	CHECK_EQ(e->func, (uintptr_t)weigh8);
	call = stop ? (cap - group) / per_call : ARGS_CALLS - 1;
	for (k = 0; k < nr; k++) {
		const struct rvt_event *d =
			&ring[(e - ring + 1 + k / 3) % cap];
		const uint64_t w[3] = { d->ts, d->func, d->caller };

		CHECK_EQ(RVT_EVENT_KIND(d->info), RVT_EVENT_DATA);
		CHECK_EQ(d->seq, e->seq + 1 + k / 3);
		CHECK_EQ(RVT_DATA_FIRST(d->info), k / 3 * 3);
		CHECK_EQ(w[k % 3], k < 7 ? k + 1 : 8 + call);
	}
}

/* Each tracer: the graph tracer's exits take a slot each. */
static void args_same_slots(bool graph)
{
	static struct rvt_event fast[32], plain[32];
	struct rvt_trace_stats st_fast, st_plain;
	unsigned int nr, i, stop;

	for (nr = 1; nr <= RVT_TRACE_MAX_ARGS; nr++) {
		unsigned int group = 1 + (nr + 2) / 3, cap;

#ifdef RVT_REGS_FP
		group += (nr + 2) / 3;		/* fa0.. too */
#endif
		/* Two groups and one slot: each lap starts a slot later. */
		cap = 2 * group + 1;
		for (stop = 0; stop < 2; stop++) {
			unsigned int flags = stop ? RVT_TRACE_STOP_WHEN_FULL :
						    0;

			args_run(graph, true, nr, flags, fast, cap, &st_fast);
			args_run(graph, false, nr, flags, plain, cap,
				 &st_plain);
			CHECK_EQ(st_fast.recorded, st_plain.recorded);
			CHECK_EQ(st_fast.overwritten, st_plain.overwritten);
			CHECK_EQ(st_fast.dropped, st_plain.dropped);
			CHECK(st_fast.overwritten + st_fast.dropped > 0);
			for (i = 0; i < cap; i++) {
				CHECK_EQ(fast[i].seq, plain[i].seq);
				CHECK_EQ(fast[i].info, plain[i].info);
				CHECK(fast[i].func == plain[i].func);
				CHECK(fast[i].caller == plain[i].caller);
				if (RVT_EVENT_KIND(fast[i].info) ==
				    RVT_EVENT_DATA)
					CHECK(fast[i].ts == plain[i].ts);
			}
			args_check_last(fast, cap, nr, group, group + graph,
					stop);
		}
	}
}

/*
 * 7: a 64-bit value in a data event's func and caller fields (a printk's),
 * then the slot taken over by a recorder's event: in the dump its func and
 * caller are the addresses, whose upper words on rv32 the assembly leaves
 * as they were.
 */
static const char fmt_wide[] = "%llu %llu %llu";

static void upper_words(void)
{
	static struct rvt_event ring[4];
	const struct rvt_trace_config cfg = {
		.buffer = ring, .buffer_size = sizeof(ring),
	};
	const struct rvt_event *e;
	unsigned long i;
	uint32_t n;

	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	rvt_trace_printf(fmt_wide, ~0ull, ~0ull, ~0ull);	/* claims 0, 1 */
	CHECK(ring[1].func == ~0ull && ring[1].caller == ~0ull);
	for (i = 0; i < 4; i++)			/* 2 to 5: slots 2, 3, 0, 1 */
		CHECK_EQ(tiny(i), i + 1);
	CHECK_EQ(rvt_ftrace_stop(), 0);
	CHECK_EQ(RVT_EVENT_KIND(ring[1].info), RVT_EVENT_ENTRY);
	dump_take();
	e = dump_events(board_hart_index(), &n, NULL);
	CHECK_EQ(n, 4);
	CHECK_EQ(e[3].seq, 6);
	CHECK(e[3].func == (uintptr_t)tiny);
	CHECK(e[3].caller == (uintptr_t)e[3].caller);
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
		retval_events();
		shared_site();
		interrupted(false, 0, 0);
		interrupted(true, 0, 0);
#ifdef RVT_REGS_FP
		interrupted(false, 2, 0);	/* a0, a1, then fa0, fa1 */
#else
		interrupted(false, 4, 0);	/* a0-a2, then a3 */
#endif
		interrupted(true, 0, RVT_TRACE_RETVAL);
		upper_words();
		args_same_slots(false);
		args_same_slots(true);
		interrupted(true, 1, 0);
		seq_wrap(false, 0, 0);
		seq_wrap(false, 2, 0);
		seq_wrap(true, 0, 0);
		seq_wrap(true, 2, 0);
		seq_wrap(true, 0, RVT_TRACE_RETVAL);
		full_stays_full(false, 0, 0);
		full_stays_full(false, 2, 0);
		full_stays_full(true, 0, 0);
		full_stays_full(true, 2, 0);
		full_stays_full(true, 0, RVT_TRACE_RETVAL);
	} else {
		start_stop_under_load();
	}
	board_printf("trace_record: ok\n");
	return 0;
}
