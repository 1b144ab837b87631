// SPDX-License-Identifier: BSD-2-Clause
/*
 * A live patch replaces a buggy function while the other harts call it:
 * every call that starts after rvt_register() returned gets the fixed result,
 * every call after rvt_unregister() returned the original one.
 */
#include "check.h"
#include "phases.h"

enum { PH_PATCHED = 1, PH_ORIGINAL };

/* The bug: negative values come back unchanged. */
TRACED long buggy_abs(long x)
{
	return x;
}

TRACED long fixed_abs(long x)
{
	return x < 0 ? -x : x;
}

static void redirect(unsigned long ip, unsigned long parent_ip,
		     struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	rvt_regs_set_ip(regs, (unsigned long)fixed_abs);
}

static const void *const target[] = { (const void *)buggy_abs };
static struct rvt_ops livepatch = {
	.func = redirect,
	.flags = RVT_OPS_FL_IPMODIFY,
	.filter = target,
	.filter_len = 1,
};
static struct rvt_ops second = {
	.func = redirect,
	.flags = RVT_OPS_FL_IPMODIFY,
	.filter = target,
	.filter_len = 1,
};
static struct rvt_ops everywhere = {
	.func = redirect,
	.flags = RVT_OPS_FL_IPMODIFY,
};

static bool call(unsigned int hart, int p)
{
	long x = -(long)hart - 5;
	long r = buggy_abs(x);

	return p == PH_PATCHED ? r == -x : r == x;
}

int main(void)
{
	int r;

	CHECK(rvt_init(board_platform()) > 0);
	CHECK_EQ(rvt_register(&everywhere), RVT_EINVAL);
	phases_start(call);
	for (r = 0; r < 20; r++) {
		CHECK_EQ(rvt_register(&livepatch), 0);
		CHECK_EQ(rvt_register(&second), RVT_EBUSY);
		phases_enter(PH_PATCHED);
		CHECK_EQ(buggy_abs(-3), 3);
		phases_enter(PHASE_CHANGING);
		CHECK_EQ(rvt_unregister(&livepatch), 0);
		phases_enter(PH_ORIGINAL);
		CHECK_EQ(buggy_abs(-3), -3);
		phases_enter(PHASE_CHANGING);
	}
	phases_stop();
	CHECK_EQ(phases_wrong(PH_PATCHED), 0);
	CHECK_EQ(phases_wrong(PH_ORIGINAL), 0);
	board_printf("policy_livepatch: %lu patched calls, %lu original, none wrong\n",
		     phases_calls(PH_PATCHED), phases_calls(PH_ORIGINAL));
	return 0;
}
