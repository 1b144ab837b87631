/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A ready layer for an RTOS's trace hooks: what to call when a task is
 * created, deleted and switched in, on top of rvtrace/task.h. It keeps the
 * tasks' records (struct rvt_task and shadow frames) in a pool the firmware
 * declares with RVT_RTOS_POOL(), so the RTOS needs one pointer per task
 * (a TCB field, a thread-local storage slot) and nothing else; the hart's
 * last task is rvtrace's own bookkeeping (rvt_task_current()).
 *
 * All three calls are for the scheduler's context: interrupts masked, or
 * the kernel's lock held (SMP). integrations/freertos maps FreeRTOS's trace
 * macros onto them.
 */
#ifndef RVTRACE_RTOS_H
#define RVTRACE_RTOS_H

#include <rvtrace/task.h>

struct rvt_rtos_record {
	struct rvt_task task;
	unsigned int state;	/* core */
};

struct rvt_rtos_pool {
	struct rvt_rtos_record *records;
	struct rvt_shadow_frame *frames;	/* nr_frames per record */
	unsigned int nr_records;
	unsigned int nr_frames;
	/* For every task created when the pool was empty (see below). */
	struct rvt_task spare;
};

/*
 * A pool for nr_tasks tasks of nr_frames shadow frames each (six words a
 * frame; frames bound the traced call depth a task can have), in the
 * firmware's zero-initialised data.
 */
#define RVT_RTOS_POOL(name, nr_tasks, frames_per_task)			\
	static struct rvt_rtos_record name##_rvt_records[nr_tasks];		\
	static struct rvt_shadow_frame						\
		name##_rvt_frames[(nr_tasks) * (frames_per_task)];		\
	static struct rvt_rtos_pool name = {					\
		.records = name##_rvt_records,					\
		.frames = name##_rvt_frames,					\
		.nr_records = (nr_tasks),					\
		.nr_frames = (frames_per_task),					\
	}

/*
 * A task was created (before it first runs): a record from the pool,
 * initialised and named (id, name as rvt_task_name() takes them). When
 * the pool is empty (or name is refused: no identity left), the task
 * still gets a record to switch to, the pool's spare, shared by every such
 * task: they are not graph-traced or profiled, no hook runs in them but
 * those that run re-entered (RVT_OPS_FL_RECURSION, _IPMODIFY, _DIRECT),
 * and the function tracer's events in them count as the hart's own. Never
 * switch a task in as NULL: it would share the hart's own shadow stack.
 * NULL only for a NULL pool or before rvt_init().
 */
struct rvt_task *rvt_rtos_created(struct rvt_rtos_pool *pool, uint32_t id,
				  const char *name);

/*
 * A task was deleted: its identity is given up (rvt_task_exit()) and its
 * record goes back to the pool, at once if no hart runs it, else when the
 * hart that runs it switches away (a task deleting itself). 0, or
 * RVT_EINVAL for a task that is not the pool's.
 */
int rvt_rtos_deleted(struct rvt_rtos_pool *pool, struct rvt_task *task);

/*
 * The calling hart runs task next from now on (NULL: its own context):
 * rvt_task_switch() from the task it ran, whose record goes back to the
 * pool if it was deleted meanwhile. Returns as rvt_task_switch().
 */
int rvt_rtos_switched_in(struct rvt_rtos_pool *pool, struct rvt_task *next);

#endif
