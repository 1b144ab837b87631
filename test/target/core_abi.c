// SPDX-License-Identifier: BSD-2-Clause
/*
 * A hooked function behaves exactly like an unhooked one: eight register
 * arguments plus stack arguments, two-register return values, varargs, a GNU
 * C nested function (static chain in t2), a function built with
 * -msave-restore (core_abi_sr.c), deep recursion. Every result is computed
 * with the hook off, then again with it on, on every hart at once.
 */
#include <stdarg.h>

#include "check.h"

#if __riscv_xlen == 64
typedef __int128 wide_t;
#else
typedef long long wide_t;
#endif

struct pair {
	long lo, hi;
};

long sr_mix(long a, long b, long c);		/* core_abi_sr.c */

TRACED long many_args(long a0, long a1, long a2, long a3,
					 long a4, long a5, long a6, long a7,
					 long s0, long s1)
{
	return a0 - a1 + a2 * a3 - a4 + a5 * a6 - a7 + s0 * 1000 + s1 * 7;
}

TRACED wide_t wide_mul(long a, long b)
{
	return (wide_t)a * b;
}

TRACED struct pair two_regs(long a, long b)
{
	struct pair p = { a * b, a - b };

	return p;
}

TRACED long var_sum(int n, ...)
{
	va_list ap;
	long sum = 0;

	va_start(ap, n);
	while (n--)
		sum = sum * 3 + va_arg(ap, long);
	va_end(ap);
	return sum;
}

/* The volatile read after the call keeps GCC from turning this into a loop. */
TRACED unsigned long recurse(unsigned int depth)
{
	volatile unsigned int d = depth;

	if (!depth)
		return 1;
	return recurse(depth - 1) * 3 + d;
}

#ifndef __clang__
/* The nested function reads its parent's frame through the static chain. */
TRACED long nested_outer(long base)
{
	long scale = base * 2;

	__attribute__((noinline)) long inner(long x)
	{
		return x * scale + base;
	}
	return inner(3) + inner(5);
}
#endif

#define RECURSION_DEPTH	400

struct results {
	long many, var, sr, nested;
	wide_t wide;
	struct pair pair;
	unsigned long rec;
};

static void compute(struct results *r, long k)
{
	r->many = many_args(k, 2, 3, 4, 5, 6, 7, 8, 9, 10);
	r->wide = wide_mul(0x12345678L + k, -0x7654321L);
	r->pair = two_regs(k + 40, 2);
	r->var = var_sum(5, 1L, k, 3L, -4L, 5L);
	r->sr = sr_mix(k, 11, 13);
#ifndef __clang__
	r->nested = nested_outer(k);
#else
	r->nested = 0;
#endif
	r->rec = recurse(RECURSION_DEPTH);
}

static int same(const struct results *a, const struct results *b)
{
	return a->many == b->many && a->wide == b->wide &&
	       a->pair.lo == b->pair.lo && a->pair.hi == b->pair.hi &&
	       a->var == b->var && a->sr == b->sr &&
	       a->nested == b->nested && a->rec == b->rec;
}

static struct rvt_ops hook = { .func = count_call };
static struct results expected;
static int mismatches;

static void run(unsigned int hart, void *arg)
{
	struct results r;
	int i;

	(void)arg;
	for (i = 0; i < 20; i++) {
		compute(&r, 1);
		if (!same(&r, &expected))
			__atomic_fetch_add(&mismatches, 1, __ATOMIC_RELAXED);
	}
	(void)hart;
}

int main(void)
{
	struct results r;
	unsigned long total = 0;
	unsigned int h;

	/* Reference values before anything is patched. */
	compute(&expected, 1);
	CHECK(rvt_init(board_platform()) > 0);
	compute(&r, 1);
	CHECK(same(&r, &expected));

	CHECK_EQ(rvt_register(&hook), 0);
	board_run_others(run, NULL);
	run(board_hart_index(), NULL);
	board_wait_others();
	CHECK_EQ(mismatches, 0);
	for (h = 0; h < board_nr_harts(); h++) {
		/* At least every recursion level of every round was hooked. */
		CHECK(counted[h] >= 20 * (RECURSION_DEPTH + 1));
		total += counted[h];
	}
	CHECK_EQ(rvt_unregister(&hook), 0);
	compute(&r, 1);
	CHECK(same(&r, &expected));
	board_printf("core_abi: %lu hooked calls on %u harts, results unchanged\n",
		     total, board_nr_harts());
	return 0;
}
