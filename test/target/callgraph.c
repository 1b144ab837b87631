// SPDX-License-Identifier: BSD-2-Clause
#include "callgraph.h"
#include "check.h"

TRACED int leaf(int x) { return x + 1; }
TRACED int left(int x) { return leaf(x) * 2; }
TRACED int right(int x) { return leaf(x) + leaf(x + 1); }
TRACED int top(int x) { return left(x) + right(x); }

const void *const callgraph[4] = {
	(const void *)top, (const void *)left, (const void *)right,
	(const void *)leaf,
};

const struct callgraph_call callgraph_calls[CALLGRAPH_CALLS] = {
	{ (const void *)top, 0 },
	{ (const void *)left, (const void *)top },
	{ (const void *)leaf, (const void *)left },
	{ (const void *)right, (const void *)top },
	{ (const void *)leaf, (const void *)right },
	{ (const void *)leaf, (const void *)right },
};

RVT_NOTRACE int callgraph_inside(unsigned long long ret, const void *fn)
{
	return ret > (uintptr_t)fn && ret < (uintptr_t)fn + 256;
}

void callgraph_run(unsigned int hart, void *arg)
{
	(void)arg;
	if (top((int)hart) != 4 * (int)hart + 5)
		board_exit(95);
}
