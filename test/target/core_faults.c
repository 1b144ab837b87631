// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fault injection: a text_write that fails at its k-th call, for every k of a
 * registration and of an unregistration batch. A failed call returns
 * RVT_EPERM and leaves every site word (and ops slot) as it was.
 */
#include "check.h"

#define NFUNCS	4

static int write_calls, fail_at;

TRACED int f0(int x) { return x + 10; }
TRACED int f1(int x) { return x + 11; }
TRACED int f2(int x) { return x + 12; }
TRACED int f3(int x) { return x + 13; }

static int failing_write(void *dst, const void *src, size_t len)
{
	if (++write_calls == fail_at)
		return -1;
	if (len == 4)
		*(volatile uint32_t *)dst = *(const uint32_t *)src;
	else
		*(volatile unsigned long *)dst = *(const unsigned long *)src;
	return 0;
}

static const void *const funcs[NFUNCS] = {
	(const void *)f0, (const void *)f1, (const void *)f2, (const void *)f3,
};
static struct rvt_ops first = { .func = count_call, .filter = funcs, .filter_len = 2 };
static struct rvt_ops second = { .func = count_call, .filter = funcs + 1, .filter_len = 3 };

/* Site words and slots of the test functions: what must not change. */
static void snapshot(uint32_t *s)
{
	int i, w;

	for (i = 0; i < NFUNCS; i++)
		for (w = 0; w < 4; w++)
			s[i * 4 + w] = text_word((unsigned long)funcs[i] - 8 + 4 * w);
}

static int calls_of_all(void)
{
	unsigned long before = counted_total();

	if (f0(1) != 11 || f1(1) != 12 || f2(1) != 13 || f3(1) != 14)
		board_exit(91);
	return (int)(counted_total() - before);
}

typedef int (*ops_call_t)(struct rvt_ops *ops);

/* Try op with a failure at every write; return the number of writes it takes. */
static int every_fault(ops_call_t op, struct rvt_ops *ops, int hooked_before)
{
	uint32_t before[4 * NFUNCS], after[4 * NFUNCS];
	int k;

	for (k = 1;; k++) {
		int ret;

		snapshot(before);
		write_calls = 0;
		fail_at = k;
		ret = op(ops);
		fail_at = 0;
		if (!ret)
			return write_calls;
		CHECK_EQ(ret, RVT_EPERM);
		snapshot(after);
		for (int i = 0; i < 4 * NFUNCS; i++)
			CHECK_EQ(after[i], before[i]);
		CHECK_EQ(calls_of_all(), hooked_before);
	}
}

int main(void)
{
	static struct rvt_platform plat;
	int writes;

	plat = *board_platform();
	plat.text_write = failing_write;
	CHECK(rvt_init(&plat) > 0);

	CHECK_EQ(rvt_register(&first), 0);
	CHECK_EQ(calls_of_all(), 2);
	/* second adds f3 and shares f1, f2 with first. */
	writes = every_fault(rvt_register, &second, 2);
	CHECK(writes >= 2);
	CHECK_EQ(calls_of_all(), 5);
	writes += every_fault(rvt_unregister, &first, 5);
	CHECK_EQ(calls_of_all(), 3);
	writes += every_fault(rvt_unregister, &second, 3);
	CHECK_EQ(calls_of_all(), 0);
	board_printf("core_faults: every one of %d writes failed once, nothing changed\n",
		     writes);
	return 0;
}
