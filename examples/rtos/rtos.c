// SPDX-License-Identifier: BSD-2-Clause
/*
 * The scheduler. One lock guards the ready queue, the semaphores and the
 * tasks' states; it also masks interrupts, so that a tick never finds its
 * own hart holding it.
 *
 * The switch path is RVT_NOTRACE: the tick runs in the timer interrupt
 * and returns in another task than the one it was called in, which a
 * traced call cannot do (its return would be taken from the wrong task's
 * shadow stack); so is rtos_task_exit(), which never returns, and so are
 * the small helpers the tasks' calls share with the tick (they would only
 * add lines to every graph). The calls tasks make (semaphores, join,
 * create) and rtos_run() are traced like the tasks' own functions.
 */
#include "board.h"
#include "rtos.h"

#define MSTATUS_MIE	8UL

/* rtos_switch.S */
void rtos_context_switch(unsigned long *save_sp, unsigned long next_sp);
unsigned long rtos_task_frame(void *stack_top, void (*entry)(void *),
			      void *arg);

/* rvtrace's records of the tasks: as many as are traced at once. */
RVT_RTOS_POOL(pool, RTOS_TRACED_TASKS, RTOS_TRACE_FRAMES);

static int lock;
static struct rtos_queue ready;
static unsigned int live;		/* tasks created and not returned */
static unsigned int last_id;
static unsigned long slice;
/* Per hart: the task it runs (NULL: its own context), and that context. */
static struct rtos_task *current[RTOS_MAX_HARTS];
static unsigned long own_sp[RTOS_MAX_HARTS];

RVT_NOTRACE static void irq_restore(unsigned long flags)
{
	if (flags & MSTATUS_MIE)
		__asm__ __volatile__("csrs mstatus, %0"
				     : : "r"(MSTATUS_MIE) : "memory");
}

/*
 * Interrupts masked and the lock taken. While another hart holds it, wait
 * with interrupts as they were: a tick due meanwhile is taken, and sets
 * the next one (QEMU's -icount lets the holder's hart run again only at a
 * timer's deadline, see board_timer_interrupt()).
 */
RVT_NOTRACE static unsigned long lock_irqsave(void)
{
	unsigned long flags;

	for (;;) {
		__asm__ __volatile__("csrrc %0, mstatus, %1"
				     : "=r"(flags) : "r"(MSTATUS_MIE)
				     : "memory");
		if (!__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE))
			return flags;
		irq_restore(flags);
		while (__atomic_load_n(&lock, __ATOMIC_RELAXED))
			;
	}
}

RVT_NOTRACE static void unlock_irqrestore(unsigned long flags)
{
	__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
	irq_restore(flags);
}

RVT_NOTRACE static void enqueue(struct rtos_queue *q, struct rtos_task *t)
{
	t->next = NULL;
	if (q->tail)
		q->tail->next = t;
	else
		q->head = t;
	q->tail = t;
}

RVT_NOTRACE static struct rtos_task *dequeue(struct rtos_queue *q)
{
	struct rtos_task *t = q->head;

	if (t) {
		q->head = t->next;
		if (!q->head)
			q->tail = NULL;
	}
	return t;
}

/* Lock held: make t runnable again, where it stands. */
RVT_NOTRACE static void wake(struct rtos_task *t)
{
	if (t->state == RTOS_BLOCKED) {
		t->state = RTOS_READY;
		enqueue(&ready, t);
	} else {
		/* Still on its hart, not switched out yet: it just goes on. */
		t->state = RTOS_RUNNING;
	}
}

/* Lock held: one for s, to its first waiter if any. */
RVT_NOTRACE static void give(struct rtos_sem *s)
{
	struct rtos_task *t = dequeue(&s->waiters);

	if (t)
		wake(t);
	else
		s->count++;
}

/*
 * Lock held, from the task that runs: give up the hart until wake(). The
 * tick is brought forward to now, and takes the task off when it comes
 * (or lets it go on, if it was woken before that).
 */
RVT_NOTRACE static void block(struct rtos_task *me, unsigned long flags)
{
	me->state = RTOS_BLOCKING;
	board_timer_set(0);
	unlock_irqrestore(flags);
	while (__atomic_load_n(&me->state, __ATOMIC_ACQUIRE) != RTOS_RUNNING)
		__asm__ __volatile__("wfi");
}

int rtos_task_create(struct rtos_task *t, const char *name,
		     void (*entry)(void *), void *arg, void *stack,
		     size_t size)
{
	unsigned long flags = lock_irqsave();
	int ret = -1;

	t->id = ++last_id;
	/* Its record, with its name and number in the trace. */
	t->trace = rvt_rtos_created(&pool, t->id, name);
	if (t->trace) {
		t->name = name;
		t->state = RTOS_READY;
		t->sp = rtos_task_frame((char *)stack + size, entry, arg);
		t->done = (struct rtos_sem){ 0 };
		t->hart = RTOS_MAX_HARTS;
		t->switches_in = t->migrations = t->blocks = 0;
		enqueue(&ready, t);
		live++;
		ret = 0;
	}
	unlock_irqrestore(flags);
	return ret;
}

/* Where a task's entry function returns to (rtos_switch.S). */
RVT_NOTRACE void rtos_task_exit(void)
{
	unsigned long flags = lock_irqsave();
	struct rtos_task *me = current[board_hart_index()];

	me->state = RTOS_DONE;
	live--;
	/* Its record goes back to the pool once its hart switches away. */
	rvt_rtos_deleted(&pool, me->trace);
	board_timer_set(0);
	unlock_irqrestore(flags);
	for (;;)
		__asm__ __volatile__("wfi");
}

/* From the task that runs: one from s, waiting for it if s has none. */
RVT_NOTRACE static void take(struct rtos_sem *s)
{
	unsigned long flags = lock_irqsave();
	struct rtos_task *me = current[board_hart_index()];

	if (s->count) {
		s->count--;
		unlock_irqrestore(flags);
		return;
	}
	/* give() hands its one to the waiter: nothing to take after. */
	enqueue(&s->waiters, me);
	block(me, flags);
}

void rtos_sem_wait(struct rtos_sem *s)
{
	take(s);
}

void rtos_sem_post(struct rtos_sem *s)
{
	unsigned long flags = lock_irqsave();

	give(s);
	unlock_irqrestore(flags);
}

void rtos_task_join(struct rtos_task *t)
{
	take(&t->done);
}

/*
 * A stack pointer saved by rtos_context_switch(), which another hart may
 * still be storing: a task is in the ready queue before the hart that
 * switched it out has left it. Taking it marks the task running (0).
 */
RVT_NOTRACE static unsigned long take_sp(struct rtos_task *t)
{
	unsigned long sp;

	while (!(sp = __atomic_load_n(&t->sp, __ATOMIC_ACQUIRE)))
		;
	t->sp = 0;
	return sp;
}

/*
 * The tick (the board calls it between rvt_irq_enter() and rvt_irq_exit(),
 * interrupts masked): put the task that ran where its state says, take
 * the first ready one, tell rvtrace, switch stacks.
 */
RVT_NOTRACE void board_timer_interrupt(void)
{
	unsigned int hart = board_hart_index();
	struct rtos_task *prev = current[hart], *next;
	unsigned long flags;

	/*
	 * The next tick first; it goes on when no task is left, a tick with
	 * nothing to do just returns. QEMU's -icount runs one hart at a time
	 * and moves on at timer deadlines: a hart that spins waiting for
	 * another (on this lock, in rvtrace's synchronisation) needs one
	 * pending.
	 */
	board_timer_set(slice);
	flags = lock_irqsave();
	if (prev && prev->state == RTOS_RUNNING) {
		prev->state = RTOS_READY;
		enqueue(&ready, prev);
	} else if (prev && prev->state == RTOS_BLOCKING) {
		prev->state = RTOS_BLOCKED;
		prev->blocks++;
	} else if (prev && prev->state == RTOS_DONE) {
		give(&prev->done);
	}
	next = dequeue(&ready);
	if (next) {
		next->state = RTOS_RUNNING;
		if (next == prev) {
			unlock_irqrestore(flags);
			return;
		}
		next->switches_in++;
		if (next->hart != hart && next->hart != RTOS_MAX_HARTS)
			next->migrations++;
		next->hart = hart;
	} else if (!prev) {
		unlock_irqrestore(flags);
		return;
	}
	/* Also the switch event in the trace. */
	if (rvt_rtos_switched_in(&pool, next ? next->trace : NULL))
		board_exit(90);
	current[hart] = next;
	unlock_irqrestore(flags);
	rtos_context_switch(prev ? &prev->sp : &own_sp[hart],
			    next ? take_sp(next) : own_sp[hart]);
}

void rtos_run(unsigned long slice_ticks)
{
	unsigned int hart = board_hart_index();

	if (hart >= RTOS_MAX_HARTS)
		return;
	slice = slice_ticks;
	current[hart] = NULL;
	board_timer_set(slice);
	/* Idle until every task has returned: a tick always comes. */
	while (__atomic_load_n(&live, __ATOMIC_ACQUIRE))
		__asm__ __volatile__("wfi");
}
