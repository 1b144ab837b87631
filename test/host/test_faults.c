// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fault injection on the real lib/ core (harness.c): a hart that is online
 * but never acknowledges a synchronisation round. Every call that needs a
 * round returns RVT_ETIMEDOUT once the platform's sync_timeout_us has passed
 * on its clock, and leaves everything as it was: text, slots, per-site
 * counts, the hook list, the destination, the caller's hook and the answers
 * of a DIRECT hook that was asked to share. Combined with a text write that
 * fails at every position of the batch. A hart that answers late (the undo
 * round) is not counted as a failure; one that never answers is. A start
 * that waits for an event being written times out the same way. Built
 * without and with RVT_CALL_OPS.
 */
#include <string.h>

#include <rvtrace/rtos.h>

#include "harness.h"
#include "ring.h"

#define TIMEOUT_US	50

static struct rvt_platform timed;

static unsigned long tramp_a = 0x40000, tramp_b = 0x40100;

/* Agrees to share, counting the core's requests. */
static int enables, disables;

static int agree(struct rvt_ops *ops, enum rvt_ops_cmd cmd)
{
	(void)ops;
	if (cmd == RVT_OPS_CMD_ENABLE_SHARE_IPMODIFY)
		enables++;
	else
		disables++;
	return 0;
}

/* Hart 1 online and deaf to n IPIs (~0ul: for ever). */
static void deafen(unsigned long n)
{
	hart_online(1);
	ipi_deaf[1] = n;
}

/*
 * op(ops) must time out and change nothing; the clock must have passed the
 * timeout. Returns how much rvt_sync_failures() moved.
 */
static unsigned long expect_timeout(batch_fn op, struct rvt_ops *ops)
{
	struct rvt_ops *involved[] = { ops, NULL };
	unsigned long failures = rvt_sync_failures();
	uint64_t t0 = test_ticks;
	struct snapshot s;

	snap_ops(&s, involved);
	assert_int_equal(op(ops), RVT_ETIMEDOUT);
	assert_true(test_ticks - t0 > TIMEOUT_US);
	expect_snap(&s);
	check_model();
	return rvt_sync_failures() - failures;
}

static int direct_a(struct rvt_ops *ops)
{
	return reg_direct(ops, tramp_a);
}

static int modify_b(struct rvt_ops *ops)
{
	return rvt_modify_direct(ops, tramp_b);
}

static void test_register_times_out(void **state)
{
	struct rvt_ops *one = hook_setup(&hk[0], 0, LIST(1, 2), NULL);
	struct rvt_ops *all = hook_setup(&hk[1], 0, NULL, LIST(5));
	struct rvt_ops *lp = hook_setup(&hk[2], RVT_OPS_FL_IPMODIFY, LIST(3),
					NULL);
	struct rvt_ops *d = hook_setup(&hk[3], 0, LIST(3, 4), NULL);
	struct rvt_regs r;

	(void)state;
	deafen(~0ul);
	/* The hart missed the first round and the round that undid it. */
	assert_int_equal(expect_timeout(reg, one), 1);
	assert_int_equal(expect_timeout(reg, all), 1);
	assert_int_equal(expect_timeout(reg, lp), 1);
	assert_int_equal(expect_timeout(direct_a, d), 1);
	assert_false(d->flags & RVT_OPS_FL_DIRECT);

	/*
	 * Nor could the undo end the grace period of the hooks it unlinked:
	 * nothing marked what hart 1 ran meanwhile. While it does not
	 * answer they may not come back, and trying changes nothing.
	 */
	{
		struct rvt_ops *involved[] = { one, NULL };
		struct snapshot s;

		snap_ops(&s, involved);
		assert_int_equal(reg(one), RVT_EBUSY);
		expect_snap(&s);
	}

	/* Nothing runs the hooks that timed out. */
	nr_calls = 0;
	dispatch_at(F(1), 0, &r);
	dispatch_at(F(3), 0, &r);
	assert_int_equal(nr_calls, 0);
	assert_int_equal(r.ip, F(3) + 8);
	assert_int_equal(r.direct, 0);

	/* Answering again: the same calls work. */
	ipi_deaf[1] = 0;
	assert_int_equal(reg(one), 0);
	assert_int_equal(reg(all), 0);
	assert_int_equal(reg(lp), 0);
	hk[3].ops.flags |= RVT_OPS_FL_SHARE_IPMODIFY;
	assert_int_equal(direct_a(d), 0);
	check_model();
}

/* The DIRECT hook that agreed to share is told to stop again. */
static void test_negotiated_register_times_out(void **state)
{
	struct rvt_ops *d = hook_setup(&hk[0], 0, LIST(2, 3), NULL);
	struct rvt_ops *lp = hook_setup(&hk[1], RVT_OPS_FL_IPMODIFY, LIST(3),
					NULL);

	(void)state;
	hk[0].ops.ops_func = agree;
	enables = disables = 0;
	hart_online(1);
	assert_int_equal(direct_a(d), 0);
	ipi_deaf[1] = ~0ul;
	assert_int_equal(expect_timeout(reg, lp), 1);
	assert_int_equal(enables, 1);
	assert_int_equal(disables, 1);
	assert_false(d->flags & RVT_OPS_FL_SHARE_IPMODIFY);

	ipi_deaf[1] = 0;
	assert_int_equal(reg(lp), 0);
	assert_int_equal(enables, 2);
	assert_true(d->flags & RVT_OPS_FL_SHARE_IPMODIFY);
	check_model();
}

static void test_unregister_times_out(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(1, 2), NULL);
	struct rvt_ops *b = hook_setup(&hk[1], 0, LIST(2, 6), NULL);
	struct rvt_ops *d = hook_setup(&hk[2], 0, LIST(4), NULL);
	struct rvt_regs r;

	(void)state;
	hart_online(1);
	assert_int_equal(reg(a), 0);
	assert_int_equal(reg(b), 0);
	assert_int_equal(direct_a(d), 0);
	ipi_deaf[1] = ~0ul;
	assert_int_equal(expect_timeout(unreg, b), 1);
	assert_int_equal(expect_timeout(unreg, a), 1);
	assert_int_equal(expect_timeout(unreg_direct, d), 1);
	assert_int_equal(expect_timeout(modify_b, d), 1);

	/* Still registered, still called, the old trampoline still in use. */
	nr_calls = 0;
	dispatch_at(F(2), 0, &r);
	assert_int_equal(nr_calls, 2);
	expect_call(0, a, F(2));
	expect_call(1, b, F(2));
	dispatch_at(F(4), 0, &r);
	assert_int_equal(r.direct, tramp_a);

	ipi_deaf[1] = 0;
	assert_int_equal(modify_b(d), 0);
	dispatch_at(F(4), 0, &r);
	assert_int_equal(r.direct, tramp_b);
	assert_int_equal(unreg(b), 0);
	assert_int_equal(unreg_direct(d), 0);
	check_model();
}

/* A hart that misses one round but answers the undo: no stale code left. */
static void test_late_hart(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(1, 7), NULL);

	(void)state;
	deafen(1);
	assert_int_equal(expect_timeout(reg, a), 0);
	assert_int_equal(reg(a), 0);
	ipi_deaf[1] = 1;
	assert_int_equal(expect_timeout(unreg, a), 0);
	assert_int_equal(unreg(a), 0);
	check_model();
}

/* A hart that went offline is not waited for. */
static void test_offline_hart(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, NULL, NULL);
	unsigned long sent;

	(void)state;
	deafen(~0ul);
	hart_offline(1);
	sent = ipis[1];
	assert_int_equal(reg(a), 0);
	assert_int_equal(unreg(a), 0);
	assert_int_equal(ipis[1], sent);
	check_model();
}

/*
 * While hart 1 does not answer: with no write failing, the call times out
 * after its batch and undoes it, rewriting what the batch wrote (half of the
 * writes). Then the k-th write of the batch fails, for every k: RVT_EPERM,
 * the undo round times out too (counted). Nothing changes either way.
 */
/*
 * A register undone while hart 1 did not answer leaves ops owing a grace
 * period, which only a round that every hart answers can end (the next try
 * would be RVT_EBUSY): let hart 1 answer one.
 */
static void settle(struct rvt_ops *ops)
{
	unsigned long deaf = ipi_deaf[1];

	if (!ops->core.draining)
		return;
	ipi_deaf[1] = 0;
	assert_int_equal(rvt_synchronize(), 0);
	ipi_deaf[1] = deaf;
}

static int deaf_try(batch_fn op, struct rvt_ops *ops, unsigned long k)
{
	struct rvt_ops *involved[] = { ops, NULL };
	unsigned long failures;
	struct snapshot s;
	int ret;

	settle(ops);
	failures = rvt_sync_failures();
	snap_ops(&s, involved);
	write_calls = 0;
	fail_at = k;
	ret = op(ops);
	fail_at = 0;
	expect_snap(&s);
	check_model();
	assert_int_equal(rvt_sync_failures(), failures + 1);
	return ret;
}

static void fault_each_write_deaf(batch_fn op, struct rvt_ops *ops)
{
	unsigned long k, writes;

	assert_int_equal(deaf_try(op, ops, 0), RVT_ETIMEDOUT);
	writes = write_calls;
	/* No write at all when only counts change (without the ops slot). */
	if (writes % 2)
		fail_msg("%lu writes: the undo is no mirror of the batch",
			 writes);
	for (k = 1; k <= writes / 2; k++)
		if (deaf_try(op, ops, k) != RVT_EPERM)
			fail_msg("write %lu of %lu failing: not RVT_EPERM", k,
				 writes / 2);
}

static void test_write_faults_and_timeout(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(1, 2), NULL);
	struct rvt_ops *b = hook_setup(&hk[1], 0, LIST(0, 1, 2, 3), NULL);
	struct rvt_ops *d = hook_setup(&hk[2], 0, LIST(6, 7), NULL);

	(void)state;
	hart_online(1);
	assert_int_equal(reg(a), 0);
	ipi_deaf[1] = ~0ul;
	fault_each_write_deaf(reg, b);
	fault_each_write_deaf(direct_a, d);
	fault_each_write_deaf(unreg, a);
	ipi_deaf[1] = 0;
	assert_int_equal(reg(b), 0);
	ipi_deaf[1] = ~0ul;
	fault_each_write_deaf(unreg, b);
	fault_each_write_deaf(unreg, a);
	ipi_deaf[1] = 0;
	check_model();
}

/*
 * Hart 1 could not be sent a round (answered for: its epoch is behind). A
 * task it switches out inside a hook before it takes the next round still
 * counts in that round's grace period. (Before the catch-up round, it was
 * counted by the epoch hart 1 had, which that grace period did not wait
 * for: the unregister returned 0 with the task inside.)
 */
static struct rvt_task parked;

static void on_hart(unsigned int hart, struct rvt_task *from,
		    struct rvt_task *to)
{
	unsigned int self = cur_hart;

	cur_hart = hart;
	assert_int_equal(rvt_task_switch(from, to), 0);
	cur_hart = self;
}

static void park_inside(unsigned int hart)
{
	if (hart != 1)
		return;
	before_ipi = NULL;
	on_hart(1, NULL, &parked);
	parked.guard.busy = 1;		/* inside a hook */
	on_hart(1, &parked, NULL);
}

static void test_answered_hart_parks(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(1), NULL);
	struct rvt_ops *b = hook_setup(&hk[1], 0, LIST(2), NULL);

	(void)state;
	hart_online(1);
	assert_int_equal(reg(a), 0);
	assert_int_equal(reg(b), 0);
	ipi_fails[1] = true;
	assert_int_equal(rvt_unregister(a), RVT_ETIMEDOUT);
	ipi_fails[1] = false;

	assert_int_equal(rvt_task_init(&parked, NULL, 0), 0);
	before_ipi = park_inside;
	assert_int_equal(rvt_unregister(b), RVT_ETIMEDOUT);
	assert_null(before_ipi);

	/* It leaves the hook on hart 1: now the grace period ends. */
	on_hart(1, NULL, &parked);
	parked.guard.busy = 0;
	rvt_quiesce_report(&parked.guard);
	on_hart(1, &parked, NULL);
	assert_int_equal(rvt_synchronize(), 0);
	assert_int_equal(rvt_core.owed[0] + rvt_core.owed[1], 0);
}

/*
 * A task deleted while it was preempted inside a hook never reports what it
 * owes: once the RTOS layer releases its record, grace periods end again.
 * (Before, every later one timed out.)
 */
RVT_RTOS_POOL(pool, 1, 0);

static void test_deleted_inside(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(1), NULL);
	struct rvt_task *t;
	unsigned int self = cur_hart;

	(void)state;
	hart_online(1);
	assert_int_equal(reg(a), 0);
	t = rvt_rtos_created(&pool, 7, "t");
	assert_true(t && t != &pool.spare);
	cur_hart = 1;
	assert_int_equal(rvt_rtos_switched_in(&pool, t), 0);
	t->guard.busy = 1;		/* inside a hook */
	assert_int_equal(rvt_rtos_switched_in(&pool, NULL), 0);
	cur_hart = self;
	assert_int_not_equal(rvt_core.owed[0] + rvt_core.owed[1], 0);
	assert_int_equal(rvt_rtos_deleted(&pool, t), 0);
	assert_int_equal(rvt_core.owed[0] + rvt_core.owed[1], 0);
	assert_int_equal(unreg(a), 0);
}

/*
 * A start while an event is being written on another hart (a count left
 * in hart 1's line) for longer than the sync timeout, or for the profiler
 * with an IPI that cannot be sent: RVT_ETIMEDOUT, the tracer and the
 * profiler not started, the last trace and profile read as before, not the
 * refused start's buffers.
 */
static void test_start_times_out(void **state)
{
	static struct rvt_event last_ev[64], next_ev[64];
	static uint64_t last_prof[4096], next_prof[4096];
	const struct rvt_trace_config last = {
		.buffer = last_ev, .buffer_size = sizeof(last_ev),
	}, next = {
		.buffer = next_ev, .buffer_size = sizeof(next_ev),
	}, last_table = {
		.buffer = last_prof, .buffer_size = sizeof(last_prof),
	}, next_table = {
		.buffer = next_prof, .buffer_size = sizeof(next_prof),
	};
	unsigned int nr;

	(void)state;
	hart_online(1);
	assert_int_equal(rvt_ftrace_start(&last), 0);
	assert_int_equal(rvt_ftrace_stop(), 0);
	assert_int_equal(rvt_profile_start(&last_table), 0);
	assert_int_equal(rvt_profile_stop(), 0);
	nr = rvt_trace.nr_harts;

	rvt_trace.rings[1].writers = 1;
	assert_int_equal(rvt_ftrace_start(&next), RVT_ETIMEDOUT);
	assert_int_equal(rvt_trace_running(), RVT_DUMP_TRACER_NONE);
	assert_int_equal(rvt_trace.nr_harts, nr);
	assert_ptr_equal(rvt_trace.rings[0].ev, last_ev);
	assert_int_equal(rvt_profile_start(&next_table), RVT_ETIMEDOUT);
	assert_int_equal(rvt_profile_running(), 0);
	memset(next_prof, 0xff, sizeof(next_prof));
	assert_int_equal(rvt_profile_count(), 0);

	rvt_trace.rings[1].writers = 0;
	assert_int_equal(rvt_ftrace_start(&next), 0);
	assert_ptr_equal(rvt_trace.rings[0].ev, next_ev);
	assert_int_equal(rvt_ftrace_stop(), 0);

	/*
	 * Hart 1's IPI cannot be sent: its round is answered for, so the
	 * profiler's start cannot know that hart 1 left an exit that read the
	 * last table (it returned 0 before).
	 */
	ipi_fails[1] = true;
	assert_int_equal(rvt_profile_start(&next_table), RVT_ETIMEDOUT);
	memset(next_prof, 0xff, sizeof(next_prof));
	assert_int_equal(rvt_profile_count(), 0);
	ipi_fails[1] = false;
	if (rvt_profile_running())
		assert_int_equal(rvt_profile_stop(), 0);
	assert_int_equal(rvt_profile_start(&next_table), 0);
	assert_int_equal(rvt_profile_stop(), 0);
	check_model();
}

static int timed_init(void **state)
{
	(void)state;
	timed = plat;
	timed.clock = test_clock;
	timed.clock_hz = TEST_CLOCK_HZ;
	timed.sync_timeout_us = TIMEOUT_US;
	return rvt_init(&timed) == NR_GOOD ? 0 : -1;
}

#define TH(f)	cmocka_unit_test_teardown(f, harts_cleanup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TH(test_register_times_out),
		TH(test_negotiated_register_times_out),
		TH(test_unregister_times_out),
		TH(test_late_hart),
		TH(test_offline_hart),
		TH(test_write_faults_and_timeout),
		TH(test_answered_hart_parks),
		TH(test_deleted_inside),
		TH(test_start_times_out),
	};

	prepare();
	return cmocka_run_group_tests_name("a hart that does not answer", tests,
					   timed_init, NULL);
}
