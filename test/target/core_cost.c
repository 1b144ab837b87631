// SPDX-License-Identifier: BSD-2-Clause
/*
 * Instructions per call of a tiny function, counted with minstret (exact
 * under qemu -icount shift=0): built without a site, armed with the hook off,
 * and with a hook that does nothing.
 */
#include "cost.h"

#define CALLS	1000

TRACED unsigned long tiny(unsigned long x)
{
	return x + 1;
}

RVT_NOTRACE TRACED unsigned long tiny_no_site(unsigned long x)
{
	return x + 1;
}

static const void *const only_tiny[] = { (const void *)tiny };
static struct rvt_ops null_hook = {
	.func = null_call,
	.filter = only_tiny,
	.filter_len = 1,
	.flags = RVT_OPS_FL_RECURSION,
};

int main(void)
{
	unsigned long base, off, hook;

	CHECK(rvt_init(board_platform()) > 0);
	base = per_call_x100(tiny_no_site, CALLS);
	off = per_call_x100(tiny, CALLS);
	CHECK_EQ(rvt_register(&null_hook), 0);
	hook = per_call_x100(tiny, CALLS);
	CHECK_EQ(rvt_unregister(&null_hook), 0);

	board_printf("cost: instructions per call: no site %lu.%02lu, hook off +%lu.%02lu, null hook +%lu.%02lu\n",
		     base / 100, base % 100, (off - base) / 100,
		     (off - base) % 100, (hook - base) / 100,
		     (hook - base) % 100);
	/* Armed and off: auipc + nop, two instructions over no site at all. */
	CHECK_EQ(off - base, 200);
	return 0;
}
