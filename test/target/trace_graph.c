// SPDX-License-Identifier: BSD-2-Clause
/*
 * The function-graph tracer: exact entry and exit events with depths for a
 * fixed call graph on every hart; return values (two registers) unchanged;
 * recursion deeper than the shadow stack (the deeper calls are simply not
 * graph-traced); a timer interrupt whose handler runs traced code in the
 * middle of a traced function; and a function left by longjmp().
 */
#include <setjmp.h>

#include "callgraph.h"
#include "check.h"
#include "dumpbuf.h"

#if __riscv_xlen == 64
typedef __int128 wide_t;
#else
typedef long long wide_t;
#endif

#define SHADOW_DEPTH	16	/* RVTRACE_GRAPH_DEPTH */
#define RECURSION	40

TRACED wide_t wide_mul(long a, long b)
{
	return (wide_t)a * b;
}

TRACED unsigned long deep(unsigned int n)
{
	volatile unsigned int d = n;

	return n ? deep(n - 1) * 3 + d : 1;
}

static int irq_done;

TRACED int in_irq(int x)
{
	return x * 5;
}

void board_timer_interrupt(void)
{
	if (in_irq(2) != 10)
		board_exit(96);
	__atomic_store_n(&irq_done, 1, __ATOMIC_RELEASE);
}

TRACED int interrupted(int x)
{
	irq_done = 0;
	board_timer_set(100);
	while (!__atomic_load_n(&irq_done, __ATOMIC_ACQUIRE))
		;
	return x + 1;
}

TRACED void thrower(jmp_buf *where)
{
	longjmp(*where, 1);
}

TRACED int catcher(int x)
{
	jmp_buf where;

	if (setjmp(where))
		return x + 100;
	thrower(&where);
	return 0;
}

static const void *const traced[] = {
	(const void *)top, (const void *)left, (const void *)right,
	(const void *)leaf, (const void *)wide_mul, (const void *)deep,
	(const void *)in_irq, (const void *)interrupted,
	(const void *)thrower, (const void *)catcher,
};

struct expect {
	int kind;
	const void *fn;
	unsigned int depth;
};

#define E(fn, d)	{ RVT_EVENT_ENTRY, (const void *)(fn), d }
#define X(fn, d)	{ RVT_EVENT_EXIT, (const void *)(fn), d }

static const struct expect graph_events[] = {
	E(top, 0), E(left, 1), E(leaf, 2), X(leaf, 2), X(left, 1),
	E(right, 1), E(leaf, 2), X(leaf, 2), E(leaf, 2), X(leaf, 2),
	X(right, 1), X(top, 0),
};

/*
 * The interrupt's events have depths of their own level; a second irq
 * level has no shadow stack, so its call is not watched.
 */
static const struct expect main_events[] = {
	E(wide_mul, 0), X(wide_mul, 0),
	E(interrupted, 0), E(in_irq, 0), X(in_irq, 0), X(interrupted, 0),
	E(catcher, 0), E(thrower, 1), X(catcher, 0),
	E(in_irq, 0), X(in_irq, 0),
};
#define MAIN_EVENTS	(sizeof(main_events) / sizeof(main_events[0]))

/* ev must start with want, n of them. */
static void expect_events(const struct rvt_event *ev, const struct expect *want,
			  unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		CHECK_EQ(RVT_EVENT_KIND(ev[i].info), want[i].kind);
		CHECK_EQ(ev[i].func, (uintptr_t)want[i].fn);
		CHECK_EQ(RVT_EVENT_DEPTH(ev[i].info), want[i].depth);
	}
}

int main(void)
{
	struct rvt_trace_config cfg = { .filter = traced, .filter_len = 10 };
	const unsigned int self = board_hart_index();
	const struct rvt_event *ev;
	unsigned int h, entries = 0, exits = 0, i;
	unsigned long expected_deep;
	wide_t w;
	uint32_t n;

	CHECK(rvt_init(board_platform()) > 0);
	expected_deep = deep(RECURSION);
	CHECK_EQ(rvt_graph_start(&cfg), 0);
	CHECK_EQ(rvt_ftrace_start(&cfg), RVT_EBUSY);
	CHECK_EQ(rvt_graph_start(&cfg), RVT_EBUSY);

	board_run_others(callgraph_run, NULL);
	callgraph_run(self, NULL);
	board_wait_others();
	/* The product needs both return registers on rv32 and on rv64. */
	w = wide_mul(0x12345678L, -0x7654321L);
	CHECK(w == (wide_t)0x12345678L * -0x7654321L);
	CHECK_EQ(interrupted(41), 42);
	CHECK_EQ(catcher(1), 101);
	rvt_irq_enter();
	CHECK_EQ(in_irq(1), 5);
	rvt_irq_enter();
	CHECK_EQ(in_irq(3), 15);
	rvt_irq_exit();
	rvt_irq_exit();
	CHECK_EQ(deep(RECURSION), expected_deep);
	CHECK_EQ(rvt_graph_stop(), 0);
	CHECK_EQ(rvt_graph_stop(), RVT_ENOENT);

	dump_take();
	for (h = 0; h < board_nr_harts(); h++) {
		ev = dump_events(h, &n, NULL);
		CHECK(n >= 12);
		expect_events(ev, graph_events, 12);
		for (i = 0; i < 12; i++)
			CHECK_EQ(RVT_EVENT_HART(ev[i].info), h);
		if (h != self)
			continue;
		expect_events(ev + 12, main_events, MAIN_EVENTS);
		/* deep(): the first 16 levels traced, entry and exit each. */
		for (i = 12 + MAIN_EVENTS; i < n; i++) {
			CHECK_EQ(ev[i].func, (uintptr_t)deep);
			entries += RVT_EVENT_KIND(ev[i].info) == RVT_EVENT_ENTRY;
			exits += RVT_EVENT_KIND(ev[i].info) == RVT_EVENT_EXIT;
			CHECK(RVT_EVENT_DEPTH(ev[i].info) < SHADOW_DEPTH);
		}
		CHECK_EQ(entries, SHADOW_DEPTH);
		CHECK_EQ(exits, SHADOW_DEPTH);
	}
	board_printf("trace_graph: %u harts, exact graphs; irq levels, longjmp and %d-deep recursion handled\n",
		     board_nr_harts(), RECURSION);
	return 0;
}
