// SPDX-License-Identifier: BSD-2-Clause
/*
 * DIRECT hooks with assembly trampolines that count calls per hart: every
 * call goes through the trampoline while registered; rvt_modify_direct()
 * under concurrent calls sends each call through exactly one of the old and
 * the new; and a DIRECT hook sharing its function with a live patch (the
 * trampoline runs, then the replacement).
 */
#include "check.h"
#include "phases.h"

__thread unsigned long direct_hits_a, direct_hits_b;
void direct_tramp_a(void);
void direct_tramp_b(void);

enum { PH_A = 1, PH_SWITCH, PH_B, PH_OFF };

TRACED long scaled(long x)
{
	return x * 10 + 1;
}

TRACED long scaled_fixed(long x)
{
	return x * 10 + 2;
}

static const void *const only_scaled[] = { (const void *)scaled };

/* Agrees to share: its trampoline always continues at t0. */
static int share_calls[2];

static int agree(struct rvt_ops *ops, enum rvt_ops_cmd cmd)
{
	(void)ops;
	share_calls[cmd == RVT_OPS_CMD_DISABLE_SHARE_IPMODIFY]++;
	return 0;
}

static struct rvt_ops counter = {
	.filter = only_scaled,
	.filter_len = 1,
	.ops_func = agree,
};

static void to_fixed(unsigned long ip, unsigned long parent_ip,
		     struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	rvt_regs_set_ip(regs, (unsigned long)scaled_fixed);
}

static struct rvt_ops patch = {
	.func = to_fixed,
	.flags = RVT_OPS_FL_IPMODIFY,
	.filter = only_scaled,
	.filter_len = 1,
};

/* Exactly the trampolines phase p allows saw this call, once. */
static bool call(unsigned int hart, int p)
{
	unsigned long a = direct_hits_a, b = direct_hits_b;
	long r = scaled(hart);

	a = direct_hits_a - a;
	b = direct_hits_b - b;
	if (r != (long)hart * 10 + 1)
		return false;
	switch (p) {
	case PH_A:
		return a == 1 && b == 0;
	case PH_B:
		return a == 0 && b == 1;
	case PH_SWITCH:
		return a + b == 1;
	default:
		return a == 0 && b == 0;
	}
}

static void check_phases(void)
{
	int p;

	for (p = PH_A; p <= PH_OFF; p++)
		CHECK_EQ(phases_wrong(p), 0);
}

int main(void)
{
	unsigned long a0;
	int r;

	CHECK(rvt_init(board_platform()) > 0);
	CHECK_EQ(rvt_register_direct(&counter, 0), RVT_EINVAL);
	CHECK_EQ(rvt_register_direct(&counter, (unsigned long)direct_tramp_a + 1),
		 RVT_EINVAL);
	CHECK_EQ(rvt_modify_direct(&counter, (unsigned long)direct_tramp_b),
		 RVT_ENOENT);

	phases_start(call);
	for (r = 0; r < 10; r++) {
		CHECK_EQ(rvt_register_direct(&counter,
					     (unsigned long)direct_tramp_a), 0);
		CHECK(counter.flags & RVT_OPS_FL_DIRECT);
		phases_enter(PH_A);
		phases_enter(PH_SWITCH);
		CHECK_EQ(rvt_modify_direct(&counter,
					   (unsigned long)direct_tramp_b), 0);
		phases_enter(PH_B);
		phases_enter(PH_SWITCH);
		CHECK_EQ(rvt_modify_direct(&counter,
					   (unsigned long)direct_tramp_a), 0);
		phases_enter(PHASE_CHANGING);
		CHECK_EQ(rvt_unregister(&counter), RVT_EINVAL);
		CHECK_EQ(rvt_unregister_direct(&counter), 0);
		CHECK(!(counter.flags & RVT_OPS_FL_DIRECT));
		phases_enter(PH_OFF);
		phases_enter(PHASE_CHANGING);
	}
	phases_stop();
	check_phases();

	/* Sharing: the DIRECT hook agrees when the live patch arrives. */
	CHECK_EQ(rvt_register_direct(&counter, (unsigned long)direct_tramp_a), 0);
	a0 = direct_hits_a;
	CHECK_EQ(rvt_register(&patch), 0);
	CHECK_EQ(share_calls[0], 1);
	CHECK(counter.flags & RVT_OPS_FL_SHARE_IPMODIFY);
	CHECK_EQ(scaled(4), 42);
	CHECK_EQ(direct_hits_a - a0, 1);
	CHECK_EQ(rvt_unregister(&patch), 0);
	CHECK_EQ(share_calls[1], 1);
	CHECK(!(counter.flags & RVT_OPS_FL_SHARE_IPMODIFY));
	CHECK_EQ(scaled(4), 41);
	CHECK_EQ(direct_hits_a - a0, 2);
	CHECK_EQ(rvt_unregister_direct(&counter), 0);

	/* The other order: a DIRECT hook that does not share meets RVT_EAGAIN. */
	CHECK_EQ(rvt_register(&patch), 0);
	CHECK_EQ(rvt_register_direct(&counter, (unsigned long)direct_tramp_b),
		 RVT_EAGAIN);
	counter.flags |= RVT_OPS_FL_SHARE_IPMODIFY;
	CHECK_EQ(rvt_register_direct(&counter, (unsigned long)direct_tramp_b), 0);
	a0 = direct_hits_b;
	CHECK_EQ(scaled(5), 52);
	CHECK_EQ(direct_hits_b - a0, 1);
	CHECK_EQ(rvt_unregister(&patch), 0);
	CHECK_EQ(rvt_unregister_direct(&counter), 0);
	CHECK_EQ(scaled(5), 51);

	board_printf("policy_direct: %lu calls through a trampoline, %lu while switching, none wrong\n",
		     phases_calls(PH_A) + phases_calls(PH_B),
		     phases_calls(PH_SWITCH));
	return 0;
}
