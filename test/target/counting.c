// SPDX-License-Identifier: BSD-2-Clause
/*
 * Hooks for the tests, never traced themselves: one that only counts its
 * calls, per hart, and one that does nothing at all.
 */
#include "check.h"

unsigned long counted[BOARD_MAX_HARTS];

RVT_NOTRACE void count_call(unsigned long ip, unsigned long parent_ip,
		struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	(void)regs;
	counted[board_hart_index()]++;
}

RVT_NOTRACE unsigned long counted_total(void)
{
	unsigned long n = 0;
	unsigned int h;

	for (h = 0; h < BOARD_MAX_HARTS; h++)
		n += counted[h];
	return n;
}

RVT_NOTRACE void null_call(unsigned long ip, unsigned long parent_ip,
			   struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	(void)regs;
}
