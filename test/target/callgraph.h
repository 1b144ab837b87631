/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A fixed call graph for the tracer tests:
 * top -> left -> leaf, then top -> right -> leaf, leaf.
 */
#ifndef RVT_TEST_CALLGRAPH_H
#define RVT_TEST_CALLGRAPH_H

int leaf(int x);
int left(int x);
int right(int x);
int top(int x);		/* 4 * x + 5 */

extern const void *const callgraph[4];

/* Entries in call order: the function and the function that calls it. */
struct callgraph_call {
	const void *fn, *caller;
};
#define CALLGRAPH_CALLS	6
extern const struct callgraph_call callgraph_calls[CALLGRAPH_CALLS];

/* Run top() on this hart and check its result (board_run_others() style). */
void callgraph_run(unsigned int hart, void *arg);

/* Whether a return address lies inside the calling function. */
int callgraph_inside(unsigned long long ret, const void *fn);

#endif
