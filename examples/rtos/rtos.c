// SPDX-License-Identifier: BSD-2-Clause
/*
 * The scheduler. Only the switch path is RVT_NOTRACE: it runs in the timer
 * interrupt, switches stacks, and returns in another task than the one it
 * was called in, which a traced call cannot do (its return would be taken
 * from the wrong task's shadow stack). Everything else may be traced.
 */
#include "board.h"
#include "rtos.h"

/* rtos_switch.S */
void rtos_context_switch(unsigned long *save_sp, unsigned long next_sp);
unsigned long rtos_task_frame(void *stack_top, void (*entry)(void *),
			      void *arg);

static struct rtos_task *tasks;		/* the ring, by creation order */
static struct rtos_task *current;	/* NULL: the hart's own context */
static unsigned long caller_sp;
static unsigned long slice;

int rtos_task_create(struct rtos_task *t, const char *name,
		     void (*entry)(void *), void *arg, void *stack,
		     size_t size)
{
	int ret = rvt_task_init(&t->trace, t->frames, RTOS_TRACE_FRAMES);

	if (ret)
		return ret;
	t->name = name;
	t->done = 0;
	t->switches_in = 0;
	t->sp = rtos_task_frame((char *)stack + size, entry, arg);
	if (tasks) {
		struct rtos_task *last = tasks;

		while (last->next != tasks)
			last = last->next;
		t->id = last->id + 1;
		last->next = t;
	} else {
		t->id = 1;
		tasks = t;
	}
	t->next = tasks;
	return 0;
}

/* The next task after prev that has work left; NULL when none has. */
RVT_NOTRACE static struct rtos_task *pick_next(struct rtos_task *prev)
{
	struct rtos_task *t = prev ? prev->next : tasks;
	struct rtos_task *first = t;

	do {
		if (!t->done)
			return t;
		t = t->next;
	} while (t != first);
	return NULL;
}

/*
 * The tick (the board calls it between rvt_irq_enter() and rvt_irq_exit()):
 * pick the next task, tell rvtrace, switch stacks. Interrupts are masked
 * here, as rvt_task_switch() requires.
 */
RVT_NOTRACE void board_timer_interrupt(void)
{
	struct rtos_task *prev = current, *next = pick_next(prev);

	if (next)
		board_timer_set(slice);
	if (next == prev)
		return;
	if (rvt_task_switch(prev ? &prev->trace : NULL,
			    next ? &next->trace : NULL))
		board_exit(90);
	rvt_trace_marker(next ? next->id : 0);
	current = next;
	if (next)
		next->switches_in++;
	rtos_context_switch(prev ? &prev->sp : &caller_sp,
			    next ? next->sp : caller_sp);
}

/* Where a task's entry function returns to: wait for the next tick. */
RVT_NOTRACE void rtos_task_exit(void)
{
	current->done = 1;
	for (;;)
		__asm__ __volatile__("wfi");
}

void rtos_run(unsigned long slice_ticks)
{
	slice = slice_ticks;
	current = NULL;
	board_irq_enable();
	board_timer_set(slice);
	/* The last task to finish switches the hart back here. */
	while (current || pick_next(NULL))
		__asm__ __volatile__("wfi");
	board_irq_disable();
}
