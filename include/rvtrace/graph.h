/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The function-graph tracer, and the shadow stacks it shares with the
 * profiler: where a traced function's real return address waits while its
 * return goes through rvtrace.
 */
#ifndef RVTRACE_GRAPH_H
#define RVTRACE_GRAPH_H

#include <rvtrace/trace.h>

/*
 * An entry and an exit event (with the call depth) for every call of a
 * traced function, by sending its return through a trampoline that records
 * the exit. Return values and the callee's behaviour are unchanged.
 *
 * Shadow stacks: each hart has one per rvt_irq_enter() level (thread level
 * and one interrupt level; deeper interrupts are not graph-traced), of
 * RVTRACE_GRAPH_DEPTH frames. Under an RTOS the thread level belongs to the
 * running task (rvt_task_switch() below). A call that finds its stack full
 * is not graph-traced. A function left by longjmp() loses its exit event;
 * the frames it skipped are recognised by their stack pointer and dropped.
 * One event tracer runs at a time (RVT_EBUSY); a function still running when
 * the tracer stops records its exit when it returns.
 */
int rvt_graph_start(const struct rvt_trace_config *cfg);
int rvt_graph_stop(void);

/* One shadow frame; the core fills it in. */
struct rvt_shadow_frame {
	unsigned long ret;	/* the real return address */
	unsigned long sp;	/* the caller's stack pointer */
	unsigned long func;
	unsigned long owner;	/* which tracer pushed it */
	unsigned long ts;	/* profiler: entry time */
	unsigned long child;	/* profiler: time in profiled callees */
};

/*
 * A task's share of graph tracing: its shadow stack (caller's memory,
 * nr_frames frames) and its re-entry guard, so that calls in a preempted
 * task and in the task that runs next each keep their own frames.
 */
struct rvt_task {
	struct rvt_shadow_frame *frames;
	unsigned int nr_frames;
	unsigned int top;	/* core */
	unsigned int busy;	/* core */
};

/*
 * Ready a task before it first runs. frames may be NULL (with nr_frames 0):
 * the task is then not graph-traced. RVT_EINVAL for a NULL task or a NULL
 * frames with frames to hold.
 */
int rvt_task_init(struct rvt_task *task, struct rvt_shadow_frame *frames,
		  unsigned int nr_frames);

/*
 * Tell rvtrace that the calling hart stops running prev and will run next,
 * from the scheduler, with interrupts masked, before next runs. NULL stands
 * for the hart's own context (no task). prev must be the task the hart ran;
 * while the hart runs its own context (as it does after rvt_init()), any
 * prev is taken for it. Returns 0, RVT_EPERM before rvt_init() or on a hart
 * not in the platform, RVT_EINVAL if prev is not the task the hart ran.
 *
 * The task's re-entry guard (rvt_task.busy) goes with it: a task
 * preempted inside a hook and resumed on another hart finishes there as if
 * it had not moved. rvt_unregister() from any task waits for tasks
 * preempted inside the removed hook, wherever they run on.
 */
int rvt_task_switch(struct rvt_task *prev, struct rvt_task *next);

#endif
