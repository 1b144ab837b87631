/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The function-graph tracer, and the shadow stacks it shares with the
 * profiler: where a traced function's real return address waits while its
 * return goes through rvtrace.
 */
#ifndef RVTRACE_GRAPH_H
#define RVTRACE_GRAPH_H

#include <rvtrace/task.h>
#include <rvtrace/trace.h>

/*
 * An entry and an exit event (with the call depth) for every call of a
 * traced function, by sending its return through a trampoline that records
 * the exit. Return values and the callee's behaviour are unchanged.
 *
 * Shadow stacks: each hart has one per rvt_irq_enter() level (thread level
 * and one interrupt level; deeper interrupts are not graph-traced), of
 * RVTRACE_GRAPH_DEPTH frames. Under an RTOS the thread level belongs to the
 * running task (rvtrace/task.h), of up to RVT_TASK_MAX_FRAMES frames. A call
 * that finds its stack full is not graph-traced. A function left by longjmp() loses its exit event;
 * the frames it skipped are recognised by their stack pointer and dropped.
 * One event tracer runs at a time (RVT_EBUSY); a function still running when
 * the tracer stops records its exit when it returns.
 */
int rvt_graph_start(const struct rvt_trace_config *cfg);
int rvt_graph_stop(void);

/*
 * The slowest call (ftrace's tracing_max_latency): with max_func in the
 * graph tracer's configuration, each call of it that returns on the hart it
 * entered on, slower than the one kept, replaces it, while tracing goes on.
 * What is kept is that hart's events from the call's entry to its exit
 * (its callees, and interrupts and other tasks that ran there meanwhile),
 * a snapshot dump (rvtrace/trace.h) in max_buf for rvtrace-decode.
 *
 * A call is not kept, and counted in missed, when its events do not fit
 * in max_buf or its ring (some were overwritten), or while a read holds
 * the buffer. The kept call stays after the stop, until the next start.
 */
struct rvt_graph_max {
	uint64_t ticks;		/* its duration; 0: none kept (yet) */
	uint32_t hart;		/* the hart it ran on */
	uint32_t len;		/* bytes of its dump */
	uint64_t missed;	/* slower calls that could not be kept */
};

/*
 * What is kept: RVT_ENOENT if no run asked for it, RVT_EINVAL for NULL,
 * RVT_EPERM before rvt_init(), RVT_ETIMEDOUT if a hart kept holding it
 * (a start then returns RVT_EBUSY and changes nothing).
 */
int rvt_graph_max(struct rvt_graph_max *m);

/*
 * The kept call's dump through write, binary or as the text lines of
 * rvt_trace_dump_text(). RVT_ENOENT with none kept, RVT_ETIMEDOUT if a
 * hart kept holding the buffer; otherwise as rvt_trace_dump().
 */
int rvt_graph_max_dump(rvt_write_fn write, void *ctx);
int rvt_graph_max_dump_text(rvt_write_fn write, void *ctx);

#endif
