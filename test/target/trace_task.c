// SPDX-License-Identifier: BSD-2-Clause
/*
 * Graph tracing under a preemptive scheduler: two tasks run call graphs of
 * their own and are switched by the timer interrupt, often in the middle of
 * a traced call. The scheduler reports each switch with rvt_task_switch(),
 * so each task's calls keep their own shadow stack: each task's events form
 * its call graph, at its own depths, however the tasks interleave. The
 * tasks are named (rvt_task_name()): every event carries its task's tag,
 * and the switch events say who ran when. Then a task whose shadow stack
 * is bigger than RVT_TASK_MAX_FRAMES recurses deeper than that: only that
 * many calls are graph-traced, the deepest at depth 4095 (an event's 12
 * bits, never wrapped).
 */
#include <string.h>

#include "check.h"
#include "dumpbuf.h"

#define STACK_BYTES	4096
#define SLICE_TICKS	300	/* 30 us of the 10 MHz clock */
#define SWITCHES	60

/* The context switch of examples/rtos (rtos_switch.S). */
void rtos_context_switch(unsigned long *save_sp, unsigned long next_sp);
unsigned long rtos_task_frame(void *stack_top, void (*entry)(void *),
			      void *arg);
/* A cooperative switch (coswitch.S), for the deep task main runs. */
void co_switch(unsigned long *save_sp, unsigned long next_sp);
unsigned long co_frame(void *stack_top, void (*entry)(void));

/* Where a task that returned would go: the tasks here never return. */
RVT_NOTRACE void rtos_task_exit(void)
{
	board_exit(93);
}

struct task {
	struct rvt_task rvt;
	struct rvt_shadow_frame frames[8];
	unsigned long sp;
	unsigned long rounds;
	uint8_t stack[STACK_BYTES] __attribute__((aligned(16)));
};

static struct task tasks[2];
static struct task *running;	/* NULL: main, the hart's own context */
static unsigned long main_sp;
static unsigned int switches;
static volatile int stopping;	/* tasks finish their round and park */
static volatile int parked[2];

TRACED void spin(unsigned int n)
{
	volatile unsigned int i;

	for (i = 0; i < n; i++)
		;
}

TRACED int a_leaf(int x) { spin(2000); return x + 1; }
TRACED int a_mid(int x) { return a_leaf(x) * 2; }
TRACED int a_top(int x) { return a_mid(x) + a_mid(x + 1); }

TRACED int b_leaf(int x) { spin(1500); return x - 1; }
TRACED int b_top(int x) { return b_leaf(x) + b_leaf(x) + b_leaf(x); }

static void task_a(void *arg)
{
	struct task *t = arg;

	while (!stopping) {
		if (a_top(3) != 18)
			board_exit(90);
		t->rounds++;
	}
	parked[0] = 1;
	for (;;)
		;
}

static void task_b(void *arg)
{
	struct task *t = arg;

	while (!stopping) {
		if (b_top(5) != 12)
			board_exit(91);
		t->rounds++;
	}
	parked[1] = 1;
	for (;;)
		;
}

/*
 * Round robin: main -> a -> b -> a ..., and back to main once both tasks
 * have parked outside any traced call (so no task is left preempted inside
 * the trampoline, which would make main's rvt_graph_stop() RVT_EBUSY).
 */
void board_timer_interrupt(void)
{
	struct task *prev = running, *next;
	unsigned long *save = prev ? &prev->sp : &main_sp;

	if (++switches >= SWITCHES)
		stopping = 1;
	if (stopping && parked[0] && parked[1])
		next = NULL;
	else
		next = prev == &tasks[0] ? &tasks[1] : &tasks[0];
	if (rvt_task_switch(prev ? &prev->rvt : NULL,
			    next ? &next->rvt : NULL))
		board_exit(92);
	running = next;
	if (next)
		board_timer_set(SLICE_TICKS);
	rtos_context_switch(save, next ? next->sp : main_sp);
}

struct expect {
	const void *fn;
	int kind;
	unsigned int depth;
};

#define E(fn, d)	{ (const void *)(fn), RVT_EVENT_ENTRY, d }
#define X(fn, d)	{ (const void *)(fn), RVT_EVENT_EXIT, d }

static const struct expect a_graph[] = {
	E(a_top, 0), E(a_mid, 1), E(a_leaf, 2), X(a_leaf, 2), X(a_mid, 1),
	E(a_mid, 1), E(a_leaf, 2), X(a_leaf, 2), X(a_mid, 1), X(a_top, 0),
};
static const struct expect b_graph[] = {
	E(b_top, 0), E(b_leaf, 1), X(b_leaf, 1), E(b_leaf, 1), X(b_leaf, 1),
	E(b_leaf, 1), X(b_leaf, 1), X(b_top, 0),
};

static bool in_graph(const struct rvt_event *e, const struct expect *g,
		     unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (e->func == (uintptr_t)g[i].fn)
			return true;
	return false;
}

static unsigned int tag_of(const struct task *t)
{
	return RVT_EVENT_TASK(t->rvt.info);
}

/*
 * The task's events, in order, must repeat its graph (the last round may be
 * cut short) and carry its tag; returns the rounds seen whole.
 */
static unsigned int check_task(const struct rvt_event *ev, uint32_t n,
			       const struct expect *g, unsigned int len,
			       unsigned int tag)
{
	unsigned int at = 0, rounds = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (!in_graph(&ev[i], g, len))
			continue;
		CHECK_EQ(RVT_EVENT_TASK(ev[i].info), tag);
		CHECK_EQ(ev[i].func, (uintptr_t)g[at].fn);
		CHECK_EQ(RVT_EVENT_KIND(ev[i].info), g[at].kind);
		CHECK_EQ(RVT_EVENT_DEPTH(ev[i].info), g[at].depth);
		if (++at == len) {
			at = 0;
			rounds++;
		}
	}
	return rounds;
}

/*
 * The switch events, in order, go main -> a -> b -> a ... -> main, one per
 * switch the scheduler made, each from the task that ran.
 */
static unsigned int check_switches(const struct rvt_event *ev, uint32_t n)
{
	unsigned int ran = 0, seen = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (RVT_EVENT_KIND(ev[i].info) != RVT_EVENT_SWITCH)
			continue;
		CHECK_EQ(ev[i].func, ran);
		CHECK(ev[i].caller != ran);
		ran = (unsigned int)ev[i].caller;
		seen++;
	}
	CHECK_EQ(ran, 0);
	return seen;
}

/* The dump's task records: a's and b's names and numbers. */
static void check_records(void)
{
	unsigned int n;
	const struct rvt_dump_task *rec = dump_tasks(&n);

	CHECK_EQ(n, 2);
	CHECK_EQ(rec[0].tag, tag_of(&tasks[0]));
	CHECK_EQ(rec[0].id, 7);
	CHECK(!strcmp(rec[0].name, "task-a"));
	CHECK_EQ(rec[1].tag, tag_of(&tasks[1]));
	CHECK_EQ(rec[1].id, 8);
	/* Cut to 15 characters and the NUL. */
	CHECK(!strcmp(rec[1].name, "task-b-with-a-l"));
	CHECK(!rec[0].exited && !rec[1].exited);
}

static uint64_t events[16384];	/* 8-byte aligned ring memory */

#define DEEP_CALLS	(RVT_TASK_MAX_FRAMES + 4)
#define DEEP_RING	64	/* events: the last entries, then the last exits */

static struct {
	struct rvt_task rvt;
	struct rvt_shadow_frame frames[DEEP_CALLS];
	unsigned long sp;
	uint8_t stack[DEEP_CALLS * 64 + 8192] __attribute__((aligned(16)));
} deep_task;
static int deep_snap;
static struct rvt_trace_stats deep_stats;
static unsigned long deep_result;

TRACED unsigned long recurse(unsigned int n)
{
	volatile unsigned int d = n;

	if (!n) {
		/* The deepest call: the ring holds the entries just made. */
		deep_snap = rvt_trace_snapshot(dump_bytes, sizeof(dump_bytes));
		if (rvt_trace_stats(&deep_stats))
			board_exit(95);
		return 1;
	}
	return recurse(n - 1) * 3 + d;
}

static void deep_run(void)
{
	deep_result = recurse(DEEP_CALLS - 1);
	if (rvt_task_switch(&deep_task.rvt, NULL))
		board_exit(94);
	co_switch(&deep_task.sp, main_sp);
}

/* Returns the calls graph-traced. */
static unsigned int check_deep(unsigned int self)
{
	static const void *const traced[] = { (const void *)recurse };
	struct rvt_trace_config cfg = {
		.filter = traced, .filter_len = 1,
		.buffer = events, .buffer_size = DEEP_RING * sizeof(struct rvt_event),
	};
	unsigned long want = 1;
	const struct rvt_event *ev;
	uint32_t n, i;

	for (i = 1; i < DEEP_CALLS; i++)
		want = want * 3 + i;
	CHECK_EQ(rvt_task_init(&deep_task.rvt, deep_task.frames, DEEP_CALLS), 0);
	CHECK_EQ(rvt_graph_start(&cfg), 0);
	deep_task.sp = co_frame(deep_task.stack + sizeof(deep_task.stack),
				deep_run);
	CHECK_EQ(rvt_task_switch(NULL, &deep_task.rvt), 0);
	co_switch(&main_sp, deep_task.sp);
	CHECK_EQ(rvt_graph_stop(), 0);
	CHECK_EQ(deep_result, want);

	/*
	 * At the deepest call: the switch to the task, then
	 * RVT_TASK_MAX_FRAMES entries, depths 0-4095.
	 */
	CHECK_EQ(deep_stats.recorded + deep_stats.overwritten,
		 1 + RVT_TASK_MAX_FRAMES);
	CHECK(deep_snap > 0);
	dump_len = (size_t)deep_snap;
	ev = dump_events(self, &n, NULL);
	CHECK_EQ(n, DEEP_RING);
	for (i = 0; i < n; i++) {
		CHECK_EQ(ev[i].func, (uintptr_t)recurse);
		CHECK_EQ(ev[i].info, RVT_EVENT_ENTRY | self << RVT_EVENT_HART_SHIFT |
			 (RVT_TASK_MAX_FRAMES - DEEP_RING + i) << 4);
	}
	/* Then only the traced calls' exits, and the switch back to main. */
	dump_take();
	ev = dump_events(self, &n, NULL);
	CHECK_EQ(n, DEEP_RING);
	for (i = 0; i + 1 < n; i++) {
		CHECK_EQ(ev[i].func, (uintptr_t)recurse);
		CHECK_EQ(ev[i].info, RVT_EVENT_EXIT | self << RVT_EVENT_HART_SHIFT |
			 (DEEP_RING - 2 - i) << 4);
	}
	CHECK_EQ(RVT_EVENT_KIND(ev[n - 1].info), RVT_EVENT_SWITCH);
	return (unsigned int)(deep_stats.recorded + deep_stats.overwritten - 1);
}

int main(void)
{
	static const void *const traced[] = {
		(const void *)a_top, (const void *)a_mid, (const void *)a_leaf,
		(const void *)b_top, (const void *)b_leaf,
	};
	struct rvt_trace_config cfg = {
		.filter = traced, .filter_len = 5,
		.flags = RVT_TRACE_STOP_WHEN_FULL,
		.buffer = events, .buffer_size = sizeof(events),
	};
	unsigned int self = board_hart_index(), a_rounds, b_rounds;
	unsigned int interleaved = 0, open_a = 0;
	const struct rvt_event *ev;
	uint32_t n, i;
	int t;

	CHECK(rvt_init(board_platform()) > 0);
	CHECK_EQ(rvt_task_init(NULL, NULL, 0), RVT_EINVAL);
	CHECK_EQ(rvt_task_init(&tasks[0].rvt, NULL, 8), RVT_EINVAL);
	CHECK_EQ(rvt_task_name(NULL, 1, "x"), RVT_EINVAL);
	for (t = 0; t < 2; t++) {
		CHECK_EQ(rvt_task_init(&tasks[t].rvt, tasks[t].frames, 8), 0);
		CHECK_EQ(rvt_task_name(&tasks[t].rvt, 7 + t,
				       t ? "task-b-with-a-long-name" : "a"), 0);
		tasks[t].sp = rtos_task_frame(tasks[t].stack + STACK_BYTES,
					      t ? task_b : task_a, &tasks[t]);
	}
	/* A rename keeps the tag. */
	t = (int)tag_of(&tasks[0]);
	CHECK_EQ(rvt_task_name(&tasks[0].rvt, 7, "task-a"), 0);
	CHECK_EQ(tag_of(&tasks[0]), t);
	CHECK(t && tag_of(&tasks[1]) && tag_of(&tasks[1]) != (unsigned int)t);
	CHECK_EQ(rvt_graph_start(&cfg), 0);

	/* Main idles until the scheduler hands the hart back. */
	board_irq_enable();
	board_timer_set(SLICE_TICKS);
	while (!parked[0] || !parked[1] || running)
		;
	board_irq_disable();
	CHECK_EQ(rvt_graph_stop(), 0);
	/* A switch away from a task the hart does not run is refused. */
	CHECK_EQ(rvt_task_switch(NULL, &tasks[0].rvt), 0);
	CHECK_EQ(rvt_task_switch(&tasks[1].rvt, NULL), RVT_EINVAL);
	CHECK_EQ(rvt_task_switch(&tasks[0].rvt, NULL), 0);

	dump_take();
	ev = dump_events(self, &n, NULL);
	a_rounds = check_task(ev, n, a_graph, 10, tag_of(&tasks[0]));
	b_rounds = check_task(ev, n, b_graph, 8, tag_of(&tasks[1]));
	CHECK_EQ(check_switches(ev, n), switches);
	check_records();
	/* The tasks really were preempted inside traced calls. */
	for (i = 0; i < n; i++) {
		if (ev[i].func == (uintptr_t)a_top)
			open_a = RVT_EVENT_KIND(ev[i].info) == RVT_EVENT_ENTRY;
		else if (open_a && in_graph(&ev[i], b_graph, 8))
			interleaved++;
	}
	board_printf("trace_task: %u switches, task a %lu rounds (%u traced), task b %lu rounds (%u traced), %u events of b inside a_top\n",
		     switches, tasks[0].rounds, a_rounds, tasks[1].rounds,
		     b_rounds, interleaved);
	CHECK(a_rounds >= 2 && b_rounds >= 2);
	CHECK(interleaved > 0);

	board_printf("trace_task: %u calls deep on a stack of %u frames, %u graph-traced\n",
		     DEEP_CALLS, DEEP_CALLS, check_deep(self));
	return 0;
}
