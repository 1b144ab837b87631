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
 * running task (rvtrace/task.h). A call that finds its stack full
 * is not graph-traced. A function left by longjmp() loses its exit event;
 * the frames it skipped are recognised by their stack pointer and dropped.
 * One event tracer runs at a time (RVT_EBUSY); a function still running when
 * the tracer stops records its exit when it returns.
 */
int rvt_graph_start(const struct rvt_trace_config *cfg);
int rvt_graph_stop(void);

#endif
