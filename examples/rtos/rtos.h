/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A tiny preemptive RTOS for M-mode, on one hart or several: tasks with
 * their own stacks in one ready queue, switched round robin by a timer tick
 * on every hart, so a preempted task may resume on another hart; tasks
 * block on semaphores and on each other's end. It tells rvtrace about its
 * tasks through the RTOS layer (rvtrace/rtos.h): created, switched in,
 * deleted; rvtrace then keeps each task's calls on their own, wherever it
 * runs, and every event says which task recorded it.
 */
#ifndef RTOS_H
#define RTOS_H

#include <stddef.h>

#include <rvtrace/rvtrace.h>

/* Tasks traced at once (the rest run untraced), and their call depth. */
#define RTOS_TRACED_TASKS	4
#define RTOS_TRACE_FRAMES	8
/* Harts the scheduler runs on at most. */
#define RTOS_MAX_HARTS		8

struct rtos_task;

/* A FIFO of tasks: the ready queue, a semaphore's waiters. */
struct rtos_queue {
	struct rtos_task *head, *tail;
};

struct rtos_sem {
	unsigned int count;
	struct rtos_queue waiters;
};

enum rtos_state {
	RTOS_READY,		/* in the ready queue */
	RTOS_RUNNING,		/* on a hart */
	RTOS_BLOCKING,		/* on a hart; its next tick takes it off */
	RTOS_BLOCKED,		/* off the ready queue until woken */
	RTOS_DONE,		/* returned; its next tick takes it off */
};

struct rtos_task {
	const char *name;
	unsigned int id;		/* 1, 2, ... in creation order */
	enum rtos_state state;
	/* Saved stack pointer while switched out; 0 while a hart runs it. */
	unsigned long sp;
	struct rtos_task *next;		/* in the queue it is in */
	struct rtos_sem done;		/* posted when it has returned */
	struct rvt_task *trace;		/* its record, rvt_rtos_created() */
	unsigned int hart;		/* where it ran last, or RTOS_MAX_HARTS */
	unsigned long switches_in, migrations, blocks;
};

/*
 * Ready a task to run entry(arg) on stack (16-byte aligned, size bytes),
 * from main before rtos_run() or from a task. 0, or -1 before rvt_init().
 */
int rtos_task_create(struct rtos_task *t, const char *name,
		     void (*entry)(void *), void *arg, void *stack,
		     size_t size);

/* Wait until task t has returned. */
void rtos_task_join(struct rtos_task *t);

/* From a task: take one from s, waiting while it has none; give one. */
void rtos_sem_wait(struct rtos_sem *s);
void rtos_sem_post(struct rtos_sem *s);

/*
 * Run the tasks on the calling hart (interrupts on), a time slice of
 * slice_ticks each, until every task has returned; call it on every hart
 * that should take part. The hart's own context (the caller) is what a
 * hart runs while no task is ready. The tick goes on after it returns, a
 * tick with no task to run just returns: keep the hart's interrupts on.
 */
void rtos_run(unsigned long slice_ticks);

#endif
