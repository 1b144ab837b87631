// SPDX-License-Identifier: BSD-2-Clause
/*
 * Re-entry: a hook that calls an instrumented function is not re-entered on
 * that hart, unless it has RVT_OPS_FL_RECURSION; and a timer interrupt that
 * arrives while the hook runs (bracketed by rvt_irq_enter/exit) runs the hook
 * again at the new level, where the same rule holds; so does a second level
 * entered while the hook runs at the first.
 */
#include "check.h"

static unsigned int seen_outer, seen_inner, seen_irq;
static int irq_done;

TRACED int inner(int x)
{
	return x + 1;
}

TRACED int outer(int x)
{
	return inner(x) * 2;
}

TRACED int irq_work(int x)
{
	return x * 3;
}

void board_timer_interrupt(void)
{
	if (irq_work(5) != 15)
		board_exit(93);
	__atomic_store_n(&irq_done, 1, __ATOMIC_RELEASE);
}

static void count(unsigned long ip)
{
	if (ip == (unsigned long)outer)
		seen_outer++;
	else if (ip == (unsigned long)inner)
		seen_inner++;
	else if (ip == (unsigned long)irq_work)
		seen_irq++;
}

/* Calls inner() itself; on outer() also waits for a timer interrupt. */
static void nosy(unsigned long ip, unsigned long parent_ip,
		 struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)parent_ip;
	(void)ops;
	(void)regs;
	count(ip);
	if (ip == (unsigned long)inner)
		return;
	if (inner(1) != 2)
		board_exit(94);
	if (ip == (unsigned long)outer) {
		irq_done = 0;
		board_timer_set(100);
		while (!__atomic_load_n(&irq_done, __ATOMIC_ACQUIRE))
			;
	}
}

TRACED int level2_work(int x)
{
	return x - 1;
}

static unsigned int seen_level2;

/* At irq level 1, in irq_work's hook: enters level 2 and calls there. */
static void nesting(unsigned long ip, unsigned long parent_ip,
		    struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)parent_ip;
	(void)ops;
	(void)regs;
	if (ip == (unsigned long)level2_work) {
		seen_level2++;
		return;
	}
	rvt_irq_enter();
	if (level2_work(1) != 0)
		board_exit(95);
	rvt_irq_exit();
}

static const void *const nested_funcs[] = {
	(const void *)irq_work, (const void *)level2_work,
};
static struct rvt_ops nested = {
	.func = nesting,
	.filter = nested_funcs,
	.filter_len = 2,
};

static const void *const funcs[] = {
	(const void *)outer, (const void *)inner, (const void *)irq_work,
};
static struct rvt_ops guarded = {
	.func = nosy,
	.filter = funcs,
	.filter_len = 3,
};
static struct rvt_ops recursive = {
	.func = nosy,
	.flags = RVT_OPS_FL_RECURSION,
	.filter = funcs,
	.filter_len = 3,
};

int main(void)
{
	CHECK(rvt_init(board_platform()) > 0);

	CHECK_EQ(rvt_register(&guarded), 0);
	CHECK_EQ(outer(3), 8);
	/* outer's own call of inner is hooked; the hook's calls never are. */
	CHECK_EQ(seen_outer, 1);
	CHECK_EQ(seen_inner, 1);
	CHECK_EQ(seen_irq, 1);
	CHECK_EQ(rvt_unregister(&guarded), 0);

	seen_outer = seen_inner = seen_irq = 0;
	CHECK_EQ(rvt_register(&recursive), 0);
	CHECK_EQ(outer(3), 8);
	/* Now the hook's own calls of inner are hooked too: 3 of them. */
	CHECK_EQ(seen_outer, 1);
	CHECK_EQ(seen_inner, 3);
	CHECK_EQ(seen_irq, 1);
	CHECK_EQ(rvt_unregister(&recursive), 0);

	CHECK_EQ(rvt_register(&nested), 0);
	rvt_irq_enter();
	CHECK_EQ(irq_work(1), 3);
	rvt_irq_exit();
	CHECK_EQ(seen_level2, 1);
	CHECK_EQ(rvt_unregister(&nested), 0);
	board_printf("policy_reentry: re-entry suppressed per level (two irq levels), allowed with RECURSION\n");
	return 0;
}
