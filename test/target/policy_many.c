// SPDX-License-Identifier: BSD-2-Clause
/*
 * Eight hooks with overlapping filters: each is called exactly for its own
 * functions, in registration order, and a function stays on until the last
 * hook covering it leaves.
 */
#include "check.h"

#define NHOOKS	8
#define NFUNCS	8
#define SPAN	3	/* hook k covers functions k .. k + SPAN - 1 (mod 8) */
#define CALLS	5

TRACED int fn0(int x) { return x + 0; }
TRACED int fn1(int x) { return x + 1; }
TRACED int fn2(int x) { return x + 2; }
TRACED int fn3(int x) { return x + 3; }
TRACED int fn4(int x) { return x + 4; }
TRACED int fn5(int x) { return x + 5; }
TRACED int fn6(int x) { return x + 6; }
TRACED int fn7(int x) { return x + 7; }

typedef int (*fn_t)(int);
static const fn_t fns[NFUNCS] = { fn0, fn1, fn2, fn3, fn4, fn5, fn6, fn7 };

static const void *filters[NHOOKS][SPAN];
static struct rvt_ops hooks[NHOOKS];
static unsigned int count[NHOOKS][NFUNCS];
static int order[NHOOKS], norder;

static int func_of(unsigned long ip)
{
	int j;

	for (j = 0; j < NFUNCS; j++)
		if ((unsigned long)fns[j] == ip)
			return j;
	return -1;
}

static void counting(unsigned long ip, unsigned long parent_ip,
		     struct rvt_ops *ops, struct rvt_regs *regs)
{
	int k = (int)(ops - hooks), j = func_of(ip);

	(void)parent_ip;
	(void)regs;
	if (j < 0)
		board_exit(92);
	count[k][j]++;
	/* The first call of fn2 records the order of its hooks. */
	if (j == 2 && count[k][j] == 1 && norder < NHOOKS)
		order[norder++] = k;
}

static bool covers(int k, int j)
{
	return (j - k + NFUNCS) % NFUNCS < SPAN;
}

static void call_all(void)
{
	int i, j;

	for (i = 0; i < CALLS; i++)
		for (j = 0; j < NFUNCS; j++)
			CHECK_EQ(fns[j](100), 100 + j);
}

int main(void)
{
	int k, j;

	CHECK(rvt_init(board_platform()) > 0);
	for (k = 0; k < NHOOKS; k++) {
		for (j = 0; j < SPAN; j++)
			filters[k][j] = (const void *)fns[(k + j) % NFUNCS];
		hooks[k].func = counting;
		hooks[k].filter = filters[k];
		hooks[k].filter_len = SPAN;
		CHECK_EQ(rvt_register(&hooks[k]), 0);
	}
	call_all();
	for (k = 0; k < NHOOKS; k++)
		for (j = 0; j < NFUNCS; j++)
			CHECK_EQ(count[k][j], covers(k, j) ? CALLS : 0);
	/* fn2 is covered by hooks 0, 1, 2 (mod 8): 0, 1, 2 in that order. */
	CHECK_EQ(norder, 3);
	CHECK(order[0] == 0 && order[1] == 1 && order[2] == 2);

	/* Remove the even hooks: each odd hook still sees exactly its own. */
	for (k = 0; k < NHOOKS; k += 2)
		CHECK_EQ(rvt_unregister(&hooks[k]), 0);
	for (j = 0; j < NFUNCS; j++)
		CHECK_EQ(rvt_site_enabled(fns[j]), 1);
	call_all();
	for (k = 0; k < NHOOKS; k++)
		for (j = 0; j < NFUNCS; j++)
			CHECK_EQ(count[k][j], covers(k, j) ?
					(k % 2 ? 2 * CALLS : CALLS) : 0);
	for (k = 1; k < NHOOKS; k += 2)
		CHECK_EQ(rvt_unregister(&hooks[k]), 0);
	for (j = 0; j < NFUNCS; j++)
		CHECK_EQ(rvt_site_enabled(fns[j]), 0);
	board_printf("policy_many: %d hooks, each called for exactly its %d functions\n",
		     NHOOKS, SPAN);
	return 0;
}
