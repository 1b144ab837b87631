// SPDX-License-Identifier: BSD-2-Clause
/*
 * Fault injection: a text_write that fails at its k-th call, for every k of
 * registration and unregistration batches: plain hooks sharing sites, a
 * DIRECT hook, a live patch, and a hook on every site of the firmware. A
 * failed call returns RVT_EPERM and leaves every site of the firmware (its
 * words, ops slot and rvt_site_enabled()) as it was.
 */
#include "check.h"
#include "sitesnap.h"

__thread unsigned long direct_hits_a, direct_hits_b;
void direct_tramp_a(void);
void direct_tramp_b(void);

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
static struct rvt_ops direct = { .filter = funcs + 2, .filter_len = 2 };
static struct rvt_ops everything = { .func = count_call };

TRACED int f0_fixed(int x) { return x + 100; }

static void to_fixed(unsigned long ip, unsigned long parent_ip,
		     struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	rvt_regs_set_ip(regs, (unsigned long)f0_fixed);
}

static struct rvt_ops patch = { .func = to_fixed,
				.flags = RVT_OPS_FL_IPMODIFY,
				.filter = funcs, .filter_len = 1 };

static int f0_result = 11;

/* Hook calls made by one call of each test function. */
static int calls_of_all(void)
{
	unsigned long before = counted_total();

	if (f0(1) != f0_result || f1(1) != 12 || f2(1) != 13 || f3(1) != 14)
		board_exit(91);
	return (int)(counted_total() - before);
}

typedef int (*ops_call_t)(struct rvt_ops *ops);

static struct sitesnap before, after;

/* Try op with a failure at every write; return the number of writes it takes. */
static int every_fault(ops_call_t op, struct rvt_ops *ops, int hooked_before)
{
	int k;

	for (k = 1;; k++) {
		unsigned long flags = ops->flags;
		int ret;

		sitesnap_take(&before);
		write_calls = 0;
		fail_at = k;
		ret = op(ops);
		fail_at = 0;
		if (!ret)
			return write_calls;
		CHECK_EQ(ret, RVT_EPERM);
		CHECK_EQ(ops->flags, flags);
		sitesnap_take(&after);
		sitesnap_expect(&before, &after);
		CHECK_EQ(calls_of_all(), hooked_before);
	}
}

static int register_direct_a(struct rvt_ops *ops)
{
	return rvt_register_direct(ops, (unsigned long)direct_tramp_a);
}

int main(void)
{
	static struct rvt_platform plat;
	unsigned long a0;
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

	/* DIRECT on f2 f3: the trampoline counts, the hook does not. */
	writes += every_fault(register_direct_a, &direct, 0);
	a0 = direct_hits_a;
	CHECK_EQ(calls_of_all(), 0);
	CHECK_EQ(direct_hits_a - a0, 2);
	/* A live patch of f0, alongside. */
	writes += every_fault(rvt_register, &patch, 0);
	f0_result = 101;
	CHECK_EQ(calls_of_all(), 0);
	/* Every site of the firmware in one batch, in and out. */
	writes += every_fault(rvt_register, &everything, 0);
	sitesnap_take(&after);
	CHECK_EQ(sitesnap_on(&after), rvt_site_count());
	/* f0 and f0_fixed (the patch continues there), f1, f2, f3. */
	CHECK_EQ(calls_of_all(), 5);
	writes += every_fault(rvt_unregister, &everything, 5);
	writes += every_fault(rvt_unregister, &patch, 0);
	f0_result = 11;
	writes += every_fault(rvt_unregister_direct, &direct, 0);
	CHECK_EQ(calls_of_all(), 0);
	sitesnap_take(&after);
	CHECK_EQ(sitesnap_on(&after), 0);
	board_printf("core_faults: every one of %d writes failed once, nothing changed\n",
		     writes);
	return 0;
}
