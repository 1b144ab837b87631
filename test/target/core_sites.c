// SPDX-License-Identifier: BSD-2-Clause
/*
 * Patch sites in each state, read back from memory: as built (checked before
 * rvt_init), armed, hooked; the ops slot; what a hook sees (ip, parent_ip,
 * arguments); the site table look-ups; rvt_init twice.
 */
#include "check.h"

#define NOP4		0x00000013u
#define C_NOP_PAIR	0x00010001u
#ifdef __riscv_compressed
#define BUILT		C_NOP_PAIR
#else
#define BUILT		NOP4
#endif
#ifdef RVT_TEST_CALL_OPS
#define SLOT		8
#else
#define SLOT		0
#endif

TRACED long target_a(long a0, long a1, long a2, long a3,
					long a4, long a5, long a6, long a7)
{
	return a0 + 2 * a1 + 3 * a2 + 4 * a3 + 5 * a4 + 6 * a5 + 7 * a6 +
	       8 * a7;
}

TRACED int target_b(int x)
{
	return x * 3;
}

RVT_NOTRACE TRACED int no_site(int x)
{
	return x * 5;
}

static struct {
	unsigned long ip, parent_ip, args[8], regs_ip, calls;
	struct rvt_ops *ops;
} seen;

static void record(unsigned long ip, unsigned long parent_ip,
		   struct rvt_ops *ops, struct rvt_regs *regs)
{
	unsigned int i;

	seen.ip = ip;
	seen.parent_ip = parent_ip;
	seen.ops = ops;
	seen.regs_ip = rvt_regs_ip(regs);
	for (i = 0; i < 8; i++)
		seen.args[i] = rvt_regs_arg(regs, i);
	seen.calls++;
}

static const void *const only_a[] = { (const void *)target_a };
static struct rvt_ops hook = {
	.func = record,
	.filter = only_a,
	.filter_len = 1,
};

/* The call whose return address the hook must report as parent_ip. */
TRACED long caller_of_a(void)
{
	return target_a(1, 2, 3, 4, 5, 6, 7, 8) + 1;
}

static uint32_t expected_auipc(unsigned long f)
{
	long off = (long)(trampoline_for(board_platform()) - f);

	return ((uint32_t)((off + 0x800) >> 12) << 12) | (5u << 7) | 0x17u;
}

static uint32_t expected_jalr(unsigned long f)
{
	long off = (long)(trampoline_for(board_platform()) - f);
	long lo = off - (((off + 0x800) >> 12) << 12);

	return ((uint32_t)(lo & 0xfff) << 20) | (5u << 15) | (5u << 7) | 0x67u;
}

static void check_built(unsigned long f)
{
	unsigned long a;

	for (a = f - SLOT; a < f + 8; a += 4)
		CHECK_EQ(text_word(a), BUILT);
}

static void check_armed(unsigned long f, int on)
{
	CHECK_EQ(text_word(f), expected_auipc(f));
	/* Off: addi x0, t0, lo12 - the jalr's upper half, a no-op. */
	CHECK_EQ(text_word(f + 4), on ? expected_jalr(f) :
					(expected_jalr(f) & 0xffff8000u) | NOP4);
	CHECK_EQ(rvt_site_enabled((void *)f), on);
}

int main(void)
{
	unsigned long a = (unsigned long)target_a, b = (unsigned long)target_b;
	int n, ia, ib;

	check_built(a);
	check_built(b);
	CHECK_EQ(rvt_site_count(), RVT_EPERM);
	CHECK_EQ(rvt_register(&hook), RVT_EPERM);

	n = rvt_init(board_platform());
	CHECK(n >= 4);
	CHECK_EQ(rvt_site_count(), n);
	CHECK_EQ(rvt_site_refused_count(), 0);
	CHECK_EQ(rvt_init(board_platform()), RVT_EBUSY);

	ia = rvt_site_index(target_a);
	ib = rvt_site_index(target_b);
	CHECK(ia >= 0 && ib >= 0 && ia != ib);
	CHECK_EQ(rvt_site_func(ia), a);
	CHECK_EQ(rvt_site_func(ib), b);
	CHECK_EQ(rvt_site_index(no_site), RVT_ENOENT);
	CHECK_EQ(rvt_site_func(n), 0);
	check_armed(a, 0);
	check_armed(b, 0);

	CHECK_EQ(rvt_register(&hook), 0);
	CHECK(hook.flags & RVT_OPS_FL_ENABLED);
	check_armed(a, 1);
	check_armed(b, 0);
#ifdef RVT_TEST_CALL_OPS
	CHECK_EQ(*(unsigned long *)(a - SLOT), (unsigned long)&hook);
#endif

	CHECK_EQ(caller_of_a(), 205);
	CHECK_EQ(seen.calls, 1);
	CHECK_EQ(seen.ip, a);
	CHECK_EQ(seen.ops, &hook);
	CHECK_EQ(seen.regs_ip, a + 8);
	/* parent_ip is a return address inside caller_of_a. */
	CHECK(seen.parent_ip > (unsigned long)caller_of_a &&
	      seen.parent_ip < (unsigned long)caller_of_a + 64);
	for (n = 0; n < 8; n++)
		CHECK_EQ(seen.args[n], n + 1);
	CHECK_EQ(target_b(7), 21);
	CHECK_EQ(seen.calls, 1);

	CHECK_EQ(rvt_register(&hook), RVT_EBUSY);
	CHECK_EQ(rvt_unregister(&hook), 0);
	CHECK(!(hook.flags & RVT_OPS_FL_ENABLED));
	check_armed(a, 0);
#ifdef RVT_TEST_CALL_OPS
	CHECK(*(unsigned long *)(a - SLOT) != (unsigned long)&hook);
#endif
	CHECK_EQ(caller_of_a(), 205);
	CHECK_EQ(seen.calls, 1);
	CHECK_EQ(rvt_unregister(&hook), RVT_ENOENT);
	board_printf("core_sites: %d sites checked in every state\n",
		     rvt_site_count());
	return 0;
}
