/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A tiny preemptive RTOS for one hart: tasks with their own stacks, switched
 * round robin by the timer interrupt. Each task carries rvtrace's per-task
 * state (struct rvt_task and its shadow frames), and the switch path tells
 * rvtrace which task runs next, so the function-graph tracer and the
 * profiler follow every task through preemption.
 */
#ifndef RTOS_H
#define RTOS_H

#include <stddef.h>

#include <rvtrace/rvtrace.h>

/* Shadow frames per task: the deepest traced call chain a task may have. */
#define RTOS_TRACE_FRAMES	8

struct rtos_task {
	const char *name;
	unsigned int id;		/* 1, 2, ...; 0 is the hart's own context */
	unsigned long sp;		/* saved stack pointer while switched out */
	int done;			/* its entry function returned */
	unsigned long switches_in;
	struct rtos_task *next;		/* round-robin ring */
	struct rvt_task trace;		/* rvtrace's part of the task */
	struct rvt_shadow_frame frames[RTOS_TRACE_FRAMES];
};

/* Ready a task to run entry(arg) on stack (16-byte aligned, size bytes). */
int rtos_task_create(struct rtos_task *t, const char *name,
		     void (*entry)(void *), void *arg, void *stack,
		     size_t size);

/*
 * Run the tasks, a time slice of slice_ticks each, until every entry
 * function has returned; then return to the caller (the hart's own
 * context). Each switch records a trace marker with the id of the task
 * that runs next (0 for the caller), so a trace shows who ran when.
 */
void rtos_run(unsigned long slice_ticks);

#endif
