// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tasks and interrupts against the patching calls (cooperative tasks from
 * coswitch.S stand for a preemptive RTOS: rvtrace cannot tell a task that
 * yielded inside a hook from one that was preempted there).
 *
 * 1. A task of the patcher's own hart is inside a hook when rvt_unregister()
 *    is called: with the platform's yield the call lets it finish and then
 *    returns; without, it returns RVT_ETIMEDOUT with the hook unlinked, and
 *    rvt_synchronize() returns 0 only once the task has left. The hook's
 *    memory is poisoned as soon as the call returns 0, and the task checks
 *    it on its way out. The same with the task on an RTOS pool's spare,
 *    whose guard several tasks share (only hooks that run re-entered run
 *    there: a RECURSION hook).
 * 2. A patching call from an ops_func (the patch lock is held) and from a
 *    timer interrupt handler, also while the interrupted thread holds the
 *    lock: RVT_EDEADLK at once.
 * 3. Two or more harts: a task preempted inside a hook on one hart resumes
 *    on another; its hooks keep running there, and the first hart's too.
 *    (Before the fix the task's guard stayed up on the second hart and its
 *    hooks never ran again.)
 * 4. Two or more harts: a hook that does not return holds rvt_unregister()
 *    up until the sync timeout, RVT_ETIMEDOUT, then rvt_synchronize().
 */
#include "check.h"
#include <rvtrace/rtos.h>

#define TIMEOUT_US	500000u
#define MAGIC		0x5afe600dUL
#define POISON		0xdeadbeefUL
#define STACK_WORDS	1024
#define MIGRATED_CALLS	5

void co_switch(unsigned long *save_sp, unsigned long next_sp);
unsigned long co_frame(void *stack_top, void (*entry)(void));

__thread unsigned long direct_hits_a, direct_hits_b;
void direct_tramp_a(void);

TRACED long victim(long x)
{
	return x + 1;
}

TRACED long victim_direct(long x)
{
	return x + 2;
}

TRACED long victim_migrate(long x)
{
	return x + 3;
}

TRACED long victim_stuck(long x)
{
	return x + 4;
}

static struct rvt_platform plat;

/* A hook whose memory tells whether it is still the hook's. */
struct hook {
	struct rvt_ops ops;
	unsigned long magic;
	unsigned long calls;
	bool yield_inside;	/* the next call yields to main once */
};

/*
 * The tasks: main (the boot hart's own context) and one task, t, which
 * the helper hart may run too.
 */
static unsigned int boot, helper;
static unsigned long main_sp, t_sp, other_sp;
static struct rvt_task t_task;
static struct rvt_task *t_cur = &t_task;	/* what t runs as */
static unsigned long t_stack[STACK_WORDS] __attribute__((aligned(16)));
static volatile bool t_done;

RVT_NOTRACE static void to_task(void)
{
	CHECK_EQ(rvt_task_switch(NULL, t_cur), 0);
	co_switch(&main_sp, t_sp);
}

RVT_NOTRACE static void to_main(void)
{
	CHECK_EQ(rvt_task_switch(t_cur, NULL), 0);
	co_switch(&t_sp, main_sp);
}

/* The platform's yield: main lets t run until t yields back. */
static unsigned long yields;

RVT_NOTRACE static void test_yield(void)
{
	yields++;
	if (board_hart_index() == boot && !t_done && t_sp)
		to_task();
}

RVT_NOTRACE static void hook_func(unsigned long ip, unsigned long parent_ip,
				  struct rvt_ops *ops, struct rvt_regs *regs)
{
	struct hook *h = (struct hook *)ops;

	(void)ip;
	(void)parent_ip;
	(void)regs;
	h->calls++;
	if (h->yield_inside) {
		h->yield_inside = false;
		to_main();
	}
	/* Still registered, or the unregister has not returned yet. */
	CHECK_EQ(h->magic, MAGIC);
}

static const void *const victim_only[] = { (const void *)victim };
static struct hook x = {
	.ops = { .func = hook_func, .filter = victim_only, .filter_len = 1 },
	.magic = MAGIC,
};

/* t: one call of victim, preempted inside x; then yields to main for ever. */
RVT_NOTRACE static void t_entry(void)
{
	CHECK_EQ(victim(1), 2);
	t_done = true;
	for (;;)
		to_main();
}

RVT_NOTRACE static void new_task(void (*entry)(void))
{
	if (t_cur == &t_task)
		CHECK_EQ(rvt_task_init(&t_task, NULL, 0), 0);
	t_done = false;
	t_sp = co_frame(t_stack + STACK_WORDS, entry);
}

/* Register h and run a new task until it is preempted inside h. */
RVT_NOTRACE static void task_inside(struct hook *h, void (*entry)(void))
{
	h->calls = 0;
	h->magic = MAGIC;
	h->yield_inside = true;
	CHECK_EQ(rvt_register(&h->ops), 0);
	new_task(entry);
	to_task();
	CHECK_EQ(h->calls, 1);
	CHECK(!t_done);
}

/* 1: the patcher's own hart has a task inside the hook. */
static void same_hart_unregister(void)
{
	unsigned long before = yields;
	uint64_t t0;

	task_inside(&x, t_entry);

	/* With a yield: t runs on and leaves the hook before this returns. */
	plat.yield = test_yield;
	CHECK_EQ(rvt_unregister(&x.ops), 0);
	CHECK(t_done);
	CHECK(yields > before);
	x.magic = POISON;
	CHECK_EQ(rvt_site_enabled(victim), 0);

	/* Without: RVT_ETIMEDOUT, unlinked, the memory not yet free. */
	task_inside(&x, t_entry);
	plat.yield = NULL;
	t0 = plat.clock();
	CHECK_EQ(rvt_unregister(&x.ops), RVT_ETIMEDOUT);
	CHECK(plat.clock() - t0 >= plat.clock_hz / 1000000u * TIMEOUT_US);
	CHECK_EQ(x.ops.flags & RVT_OPS_FL_ENABLED, 0);
	CHECK_EQ(rvt_site_enabled(victim), 0);
	CHECK_EQ(victim(5), 6);
	CHECK_EQ(x.calls, 1);
	CHECK_EQ(rvt_synchronize(), RVT_ETIMEDOUT);
	/* Not back while a caller may still walk through it. */
	CHECK_EQ(rvt_register(&x.ops), RVT_EBUSY);
	/* The task leaves the hook; now the memory is free. */
	to_task();
	CHECK(t_done);
	CHECK_EQ(rvt_synchronize(), 0);
	CHECK_EQ(rvt_register(&x.ops), 0);
	CHECK_EQ(rvt_unregister(&x.ops), 0);
	x.magic = POISON;
	plat.yield = test_yield;
	t_sp = 0;
}

/* 1, on the spare: a RECURSION hook, which runs re-entered too. */
RVT_RTOS_POOL(pool, 1, 0);
static struct hook rec = {
	.ops = { .func = hook_func, .filter = victim_only, .filter_len = 1,
		 .flags = RVT_OPS_FL_RECURSION },
	.magic = MAGIC,
};

static void spare_unregister(void)
{
	struct rvt_task *own = rvt_rtos_created(&pool, 1, "own");

	t_cur = rvt_rtos_created(&pool, 2, "spare");
	CHECK(own && t_cur == &pool.spare);

	task_inside(&rec, t_entry);
	CHECK_EQ(rvt_unregister(&rec.ops), 0);
	CHECK(t_done);
	rec.magic = POISON;

	task_inside(&rec, t_entry);
	plat.yield = NULL;
	CHECK_EQ(rvt_unregister(&rec.ops), RVT_ETIMEDOUT);
	CHECK_EQ(rvt_synchronize(), RVT_ETIMEDOUT);
	to_task();
	CHECK(t_done);
	CHECK_EQ(rvt_synchronize(), 0);
	rec.magic = POISON;
	plat.yield = test_yield;
	t_sp = 0;
	t_cur = &t_task;
}

/* 2: patching where it would wait for itself. */
static struct hook y = {
	.ops = { .func = hook_func, .filter = victim_only, .filter_len = 1 },
	.magic = MAGIC,
};
static volatile int in_irq_ret = 1;
static volatile bool in_irq_done;

void board_timer_interrupt(void)
{
	in_irq_ret = rvt_register(&y.ops);
	in_irq_done = true;
}

/* Take one timer interrupt now, wherever this is called from. */
RVT_NOTRACE static int register_from_irq(void)
{
	uint64_t t0 = plat.clock();

	in_irq_done = false;
	in_irq_ret = 1;
	board_timer_set(100);
	/*
	 * A bound only against a timer that never fires: QEMU on a loaded
	 * host may raise the interrupt a second or more late (seen in CI).
	 */
	while (!in_irq_done && plat.clock() - t0 < 30 * plat.clock_hz)
		;
	CHECK(in_irq_done);
	return in_irq_ret;
}

static int in_ops_func_ret = 1, in_ops_func_irq_ret = 1;

RVT_NOTRACE static int share_ops_func(struct rvt_ops *ops,
				      enum rvt_ops_cmd cmd)
{
	(void)ops;
	if (cmd == RVT_OPS_CMD_ENABLE_SHARE_IPMODIFY) {
		in_ops_func_ret = rvt_register(&y.ops);
		in_ops_func_irq_ret = register_from_irq();
	}
	return 0;
}

static const void *const direct_only[] = { (const void *)victim_direct };
static struct rvt_ops direct = { .ops_func = share_ops_func,
				 .filter = direct_only, .filter_len = 1 };

RVT_NOTRACE static void keep_ip(unsigned long ip, unsigned long parent_ip,
				struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	(void)regs;
}

static struct rvt_ops ipmodify = { .func = keep_ip,
				   .flags = RVT_OPS_FL_IPMODIFY,
				   .filter = direct_only, .filter_len = 1 };

static void deadlocks(void)
{
	CHECK_EQ(register_from_irq(), RVT_EDEADLK);
	CHECK_EQ(y.ops.flags & RVT_OPS_FL_ENABLED, 0);

	CHECK_EQ(rvt_register_direct(&direct, (unsigned long)direct_tramp_a),
		 0);
	/* Asks the DIRECT hook to share, with the lock held. */
	CHECK_EQ(rvt_register(&ipmodify), 0);
	CHECK_EQ(in_ops_func_ret, RVT_EDEADLK);
	CHECK_EQ(in_ops_func_irq_ret, RVT_EDEADLK);
	CHECK_EQ(y.ops.flags & RVT_OPS_FL_ENABLED, 0);
	CHECK_EQ(victim_direct(1), 3);
	CHECK_EQ(direct_hits_a, 1);
	CHECK_EQ(rvt_unregister(&ipmodify), 0);
	CHECK_EQ(rvt_unregister_direct(&direct), 0);
	/* The lock is free again. */
	CHECK_EQ(rvt_register(&y.ops), 0);
	CHECK_EQ(rvt_unregister(&y.ops), 0);
}

/* 3: a task preempted inside a hook resumes on the helper hart. */
static const void *const migrate_only[] = { (const void *)victim_migrate };
static struct hook z = {
	.ops = { .func = hook_func, .filter = migrate_only, .filter_len = 1 },
	.magic = MAGIC,
};
enum { IDLE, RESUME_T, T_BACK, CALL_STUCK, STUCK, RELEASE, STOP };
static int other_state;

RVT_NOTRACE static void set_state(int st)
{
	__atomic_store_n(&other_state, st, __ATOMIC_RELEASE);
}

RVT_NOTRACE static void wait_state(int st)
{
	while (__atomic_load_n(&other_state, __ATOMIC_ACQUIRE) != st)
		;
}

/* t, moving: one call of victim_migrate on the boot hart, then the helper. */
RVT_NOTRACE static void t_migrate_entry(void)
{
	int i;

	CHECK_EQ(board_hart_index(), boot);
	CHECK_EQ(victim_migrate(1), 4);
	/* Resumed on the helper, inside z and out of it. */
	CHECK_EQ(board_hart_index(), helper);
	for (i = 0; i < MIGRATED_CALLS; i++)
		CHECK_EQ(victim_migrate(i), i + 3);
	t_done = true;
	CHECK_EQ(rvt_task_switch(&t_task, NULL), 0);
	co_switch(&t_sp, other_sp);
	CHECK(false);
}

static const void *const stuck_only[] = { (const void *)victim_stuck };

RVT_NOTRACE static void hold_hook(unsigned long ip, unsigned long parent_ip,
				  struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	(void)regs;
	set_state(STUCK);
	wait_state(RELEASE);
}

static struct rvt_ops stuck = { .func = hold_hook, .filter = stuck_only,
				.filter_len = 1 };

RVT_NOTRACE static void other(unsigned int hart, void *arg)
{
	(void)arg;
	if (hart != helper)
		return;
	for (;;) {
		int st = __atomic_load_n(&other_state, __ATOMIC_ACQUIRE);

		if (st == STOP)
			return;
		if (st == RESUME_T) {
			CHECK_EQ(rvt_task_switch(NULL, &t_task), 0);
			co_switch(&other_sp, t_sp);
			set_state(T_BACK);
		} else if (st == CALL_STUCK) {
			CHECK_EQ(victim_stuck(1), 5);
			set_state(IDLE);
		}
	}
}

static void migration(void)
{
	task_inside(&z, t_migrate_entry);
	/* t is inside z, preempted; the helper hart picks it up. */
	set_state(RESUME_T);
	wait_state(T_BACK);
	CHECK(t_done);
	CHECK_EQ(z.calls, 1 + MIGRATED_CALLS);
	/* This hart's own guard is down too. */
	CHECK_EQ(victim_migrate(1), 4);
	CHECK_EQ(z.calls, 2 + MIGRATED_CALLS);
	CHECK_EQ(rvt_unregister(&z.ops), 0);
	t_sp = 0;
	set_state(IDLE);
}

/* 4: a hook that does not return, on another hart. */
static void stuck_hook(void)
{
	unsigned long undo = rvt_undo_failures();
	uint64_t t0;

	CHECK_EQ(rvt_register(&stuck), 0);
	set_state(CALL_STUCK);
	wait_state(STUCK);
	t0 = plat.clock();
	CHECK_EQ(rvt_unregister(&stuck), RVT_ETIMEDOUT);
	CHECK(plat.clock() - t0 >= plat.clock_hz / 1000000u * TIMEOUT_US);
	CHECK_EQ(stuck.flags & RVT_OPS_FL_ENABLED, 0);
	CHECK_EQ(rvt_site_enabled(victim_stuck), 0);
	CHECK_EQ(rvt_synchronize(), RVT_ETIMEDOUT);
	set_state(RELEASE);
	wait_state(IDLE);
	CHECK_EQ(rvt_synchronize(), 0);
	CHECK_EQ(rvt_undo_failures(), undo);
	/* Registered and removed again as usual. */
	CHECK_EQ(rvt_register(&stuck), 0);
	CHECK_EQ(rvt_unregister(&stuck), 0);
}

int main(void)
{
	plat = *board_platform();
	plat.sync_timeout_us = TIMEOUT_US;
	plat.yield = test_yield;
	CHECK(rvt_init(&plat) > 0);
	boot = board_hart_index();
	helper = boot == 1 ? 0 : 1;

	same_hart_unregister();
	spare_unregister();
	deadlocks();
	if (board_nr_harts() > 1) {
		board_run_others(other, NULL);
		migration();
		stuck_hook();
		set_state(STOP);
		board_wait_others();
	}
	board_printf("core_preempt: passed on %u harts\n", board_nr_harts());
	return 0;
}
