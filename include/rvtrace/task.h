/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tasks: what an RTOS tells rvtrace about the call stacks it switches
 * between, so that each keeps its own shadow stack and re-entry guard, and
 * so that traces say which task every event belongs to.
 */
#ifndef RVTRACE_TASK_H
#define RVTRACE_TASK_H

#include <stdint.h>

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
 * task and in the task that runs next each keep their own frames; and its
 * identity in events (rvt_task_name()).
 */
/*
 * Core: a re-entry guard (a bit per context that shares it) and which of
 * those contexts a grace period waits for (rvt_unregister()).
 */
struct rvt_guard {
	unsigned int busy;	/* in a hook now */
	unsigned int owed;	/* to report at the outermost exit */
	unsigned int owed_odd;	/* of those, owed to an odd epoch */
};

struct rvt_task {
	struct rvt_shadow_frame *frames;
	struct rvt_shadow_frame *top;	/* core: where the next frame goes */
	struct rvt_shadow_frame *end;	/* core: frames + nr_frames */
	unsigned int nr_frames;
	uint32_t info;		/* core: its tag in an event's info */
	struct rvt_guard guard;	/* core */
};

/*
 * The most frames a shadow stack uses: an event keeps the call depth in 12
 * bits, and a stack no deeper than that never wraps it. A call that finds
 * the stack full is not graph-traced.
 */
#define RVT_TASK_MAX_FRAMES	4096

/*
 * Ready a task before it first runs. frames may be NULL (with nr_frames 0):
 * the task is then not graph-traced. Of more than RVT_TASK_MAX_FRAMES
 * frames, the first RVT_TASK_MAX_FRAMES are used. The task has no identity
 * yet: its events count as the hart's own. RVT_EINVAL for a NULL task or a
 * NULL frames with frames to hold.
 */
int rvt_task_init(struct rvt_task *task, struct rvt_shadow_frame *frames,
		  unsigned int nr_frames);

/* Bytes of a task's name that traces keep, the NUL included. */
#define RVT_TASK_NAME_LEN	16

/*
 * Give an initialised task its identity in traces: id is the RTOS's own
 * number for it, name (NULL: none; longer ones are cut) is copied. From
 * then on every event the task records carries its tag, switch events name
 * it, and dumps carry the names of the tasks (once, not per event), so the
 * decoder shows each task's calls on their own. Call it before the task
 * first runs, or again to rename it. RVTRACE_MAX_TASKS identities exist
 * (at most 255); one given up by rvt_task_exit() is reused last, so events
 * still in the buffers keep their name as long as possible. rvt_init()
 * forgets them all: call it before the first task is named. RVT_EINVAL for
 * a NULL task, RVT_EPERM before rvt_init(), RVT_ENOSPC when every identity
 * is held by a task that has not exited (the task stays as it was).
 */
int rvt_task_name(struct rvt_task *task, uint32_t id, const char *name);

/*
 * The task is gone (deleted, or about to delete itself): its identity may
 * go to a task named later. Its events in the buffers keep the name until
 * then. 0, RVT_EINVAL for a NULL task, RVT_EPERM before rvt_init().
 */
int rvt_task_exit(struct rvt_task *task);

/*
 * Tell rvtrace that the calling hart stops running prev and will run next,
 * from the scheduler, with interrupts masked, before next runs. NULL stands
 * for the hart's own context (no task). prev must be the task the hart ran;
 * while the hart runs its own context (as it does after rvt_init()), any
 * prev is taken for it. While a tracer records, the switch is an event of
 * its own (RVT_EVENT_SWITCH, rvtrace/trace.h). Returns 0, RVT_EPERM before
 * rvt_init() or on a hart not in the platform, RVT_EINVAL if prev is not
 * the task the hart ran.
 *
 * The task's re-entry guard (rvt_task.guard) goes with it: a task
 * preempted inside a hook and resumed on another hart finishes there as if
 * it had not moved. rvt_unregister() from any task waits for tasks
 * preempted inside the removed hook, wherever they run on.
 *
 * Events belong to the task that records them. Those recorded in an
 * interrupt handler bracketed by rvt_irq_enter()/rvt_irq_exit() belong to
 * the hart's own context, not to the task the interrupt found, so that a
 * switch made in the handler splits no call between two tasks.
 */
int rvt_task_switch(struct rvt_task *prev, struct rvt_task *next);

/* rvt_task_switch() from whatever the calling hart runs now. */
int rvt_task_switch_to(struct rvt_task *next);

/*
 * The task the calling hart runs at thread level: NULL for its own context,
 * before rvt_init() and on a hart not in the platform.
 */
struct rvt_task *rvt_task_current(void);

#endif
