// SPDX-License-Identifier: BSD-2-Clause
/*
 * The smallest traced firmware: every hart runs a few instrumented functions
 * while one hook counts the calls it sees, per hart and per function.
 */
#include "board.h"

#define WORK_ITERATIONS	1000

static unsigned long calls[BOARD_MAX_HARTS];

/* The hook runs on every hart; each writes only its own counter. */
static void count_call(unsigned long ip, unsigned long parent_ip,
		       struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	(void)regs;
	calls[board_hart_index()]++;
}

static struct rvt_ops counter = { .func = count_call };

__attribute__((noinline)) static unsigned int mix(unsigned int x)
{
	x ^= x >> 16;
	x *= 0x45d9f3bu;
	return x ^ (x >> 16);
}

__attribute__((noinline)) static unsigned int checksum(unsigned int seed)
{
	unsigned int sum = 0, i;

	for (i = 0; i < WORK_ITERATIONS; i++)
		sum += mix(seed + i);
	return sum;
}

static void work(unsigned int hart, void *arg)
{
	(void)arg;
	board_printf("hart %u: checksum %08x\n", hart, checksum(hart));
}

int main(void)
{
	unsigned int h;
	int sites = rvt_init(board_platform());

	if (sites < 0) {
		board_printf("rvt_init: %s\n", rvt_strerror(sites));
		return 1;
	}
	board_printf("rvtrace: %d functions armed on %u harts\n", sites,
		     board_nr_harts());
	if (rvt_register(&counter))
		return 2;
	board_run_others(work, NULL);
	work(board_hart_index(), NULL);
	board_wait_others();
	rvt_unregister(&counter);
	for (h = 0; h < board_nr_harts(); h++)
		board_printf("hart %u: %lu traced calls\n", h, calls[h]);
	return 0;
}
