// SPDX-License-Identifier: BSD-2-Clause
#include <stdio.h>

#include "check.h"

static int hits;

TRACED int traced_add(int a, int b)
{
	return a + b;
}

static void hook(unsigned long ip, unsigned long parent_ip,
		 struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip; (void)parent_ip; (void)ops; (void)regs;
	/* Harts call at once: a plain ++ could lose one. */
	__atomic_fetch_add(&hits, 1, __ATOMIC_RELAXED);
}

static const void *const only_add[] = { (const void *)traced_add };
static struct rvt_ops ops = { .func = hook, .filter = only_add, .filter_len = 1 };

static void other(unsigned int hart, void *arg)
{
	(void)arg;
	board_printf("hart %u: %d\n", hart, traced_add(2, 3));
}

int main(void)
{
	int n = rvt_init(board_platform());

	board_printf("rvt_init: %d sites, %d refused, %u harts\n", n,
		     rvt_site_refused_count(), board_nr_harts());
	if (n < 1)
		return 1;
	if (rvt_register(&ops))
		return 2;
	if (traced_add(1, 2) != 3)
		return 5;
	board_run_others(other, NULL);
	board_wait_others();
	board_printf("hits %d\n", __atomic_load_n(&hits, __ATOMIC_RELAXED));
	if (rvt_unregister(&ops))
		return 3;
	return __atomic_load_n(&hits, __ATOMIC_RELAXED) ==
	       (int)board_nr_harts() ? 0 : 4;
}
