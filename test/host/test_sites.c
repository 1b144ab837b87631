// SPDX-License-Identifier: BSD-2-Clause
/*
 * The real lib/ core (site, ops, hart, init, dispatch) compiled for the host
 * and run against the fake text segment of harness.c: site validation and
 * arming, hook accounting, rollback of failed text writes, the IPI round, and
 * dispatch.
 *
 * The library keeps its state for the life of the process (rvt_init works
 * once), so the groups run in order: before rvt_init, rvt_init itself, then
 * hooks on the armed sites. Scenarios that need an rvt_init of their own run
 * in a forked child. Built twice: without and with RVT_CALL_OPS (the
 * per-function ops slot before every site).
 *
 * Run with the argument "regressions" for the tests of bugs found and fixed.
 * Built with RVT_TEST_TABLE_RO, the table is read-only (as with
 * linker/rvtrace_rodata.ld) and only the "read-only table" group runs.
 */
#define _GNU_SOURCE	/* fork, waitpid, mmap with MAP_FIXED_NOREPLACE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static unsigned long pair_target(unsigned long pc, uint32_t auipc,
				 uint32_t jalr)
{
	int64_t hi = (int32_t)(auipc & 0xfffff000u);
	int64_t lo = (int32_t)jalr >> 20;

	return pc + (unsigned long)(hi + lo);
}

/* --- Before rvt_init ----------------------------------------------------- */

static unsigned char core_before[sizeof(struct rvt_core)];

/* Nothing may rely on .bss having been cleared: start from garbage. */
static void poison(void)
{
	memset(&rvt_core, 0x5a, sizeof(rvt_core));
	memset(&rvt_stub_ops, 0x5a, sizeof(rvt_stub_ops));
	memset(&rvt_list_ops, 0x5a, sizeof(rvt_list_ops));
	memset(__rvt_site_state, 0xa5, sizeof(__rvt_site_state));
	memcpy(core_before, &rvt_core, sizeof(core_before));
}

static void expect_untouched(void)
{
	unsigned long table[NR_ENTRIES];
	int i;

	for (i = 0; i < NR_ENTRIES; i++)
		table[i] = entry_of(table_order[i]);
	assert_int_equal(bad_writes, 0);
	expect_text(initial_text);
	assert_memory_equal(rvt_test_table, table, sizeof(table));
	assert_memory_equal(&rvt_core, core_before, sizeof(core_before));
	assert_int_equal(write_calls, 0);
}

static void test_before_init(void **state)
{
	struct rvt_ops *ops = hook_setup(&hk[0], 0, NULL, NULL);

	(void)state;
	assert_int_equal(rvt_site_count(), RVT_EPERM);
	assert_int_equal(rvt_site_index(FP(0)), RVT_EPERM);
	assert_int_equal(rvt_site_func(0), 0);
	assert_int_equal(rvt_site_refused_count(), RVT_EPERM);
	assert_int_equal(rvt_site_refused(0), 0);
	assert_int_equal(rvt_site_enabled(FP(0)), RVT_EPERM);
	assert_int_equal(rvt_site_foreign(), 0);
	assert_int_equal(rvt_site_foreign_count(), 0);
	assert_int_equal(rvt_register(ops), RVT_EPERM);
	assert_int_equal(rvt_unregister(ops), RVT_EPERM);
	assert_int_equal(rvt_handle_ipi(), 0);
	rvt_hart_online();
	rvt_hart_offline();
	rvt_irq_enter();
	rvt_irq_exit();
	assert_int_equal(ops->flags, 0);
	expect_untouched();
}

static unsigned int hart_index_nr(void)
{
	return NR_HARTS;
}

static void test_init_refuses_bad_platforms(void **state)
{
	struct rvt_platform p;

	(void)state;
	assert_int_equal(rvt_init(NULL), RVT_EINVAL);

	p = plat;
	p.hart_index = NULL;
	assert_int_equal(rvt_init(&p), RVT_EINVAL);

	p = plat;
	p.nr_harts = 0;
	assert_int_equal(rvt_init(&p), RVT_EINVAL);

	p = plat;
	p.nr_harts = RVT_MAX_HARTS + 1;
	assert_int_equal(rvt_init(&p), RVT_EINVAL);

	/* Several harts need a way to reach the others. */
	p = plat;
	p.send_ipi = NULL;
	assert_int_equal(rvt_init(&p), RVT_EINVAL);

	/* The calling hart must be one of them (0 .. nr_harts - 1). */
	p = plat;
	p.hart_index = hart_index_nr;
	assert_int_equal(rvt_init(&p), RVT_EINVAL);

	assert_int_equal(rvt_site_count(), RVT_EPERM);
	expect_untouched();
}

static void test_strerror(void **state)
{
	static const int codes[] = {
		0, RVT_EPERM, RVT_ENOENT, RVT_EAGAIN, RVT_EBUSY, RVT_EINVAL,
		RVT_ENOSPC, RVT_ERANGE, RVT_ENOSYS, RVT_ETIMEDOUT, RVT_EFAULT,
		RVT_EROFS,
	};
	const char *unknown = rvt_strerror(-12345);
	size_t i, j;

	(void)state;
	/* The documented errno values, so that firmware can print them. */
	assert_int_equal(RVT_EPERM, -1);
	assert_int_equal(RVT_ENOENT, -2);
	assert_int_equal(RVT_EAGAIN, -11);
	assert_int_equal(RVT_EBUSY, -16);
	assert_int_equal(RVT_EINVAL, -22);
	assert_int_equal(RVT_ENOSPC, -28);
	assert_int_equal(RVT_ERANGE, -34);
	assert_int_equal(RVT_ETIMEDOUT, -110);
	assert_int_equal(RVT_EFAULT, -14);
	assert_int_equal(RVT_EROFS, -30);
	assert_non_null(unknown);
	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		assert_non_null(rvt_strerror(codes[i]));
		assert_string_not_equal(rvt_strerror(codes[i]), unknown);
		for (j = 0; j < i; j++)
			assert_string_not_equal(rvt_strerror(codes[i]),
						rvt_strerror(codes[j]));
	}
}

/*
 * Runs child(arg) in a forked process, which gets an rvt_init of its own.
 * The child returns 0, CHILD_SKIP, CHILD_DONE or the number of the check
 * that failed (cmocka's asserts would unwind into the child's copy of the
 * runner).
 */
#define CHILD_SKIP	77
#define CHILD_DONE	78

static int run_child(int (*child)(unsigned long), unsigned long arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid)
		_exit(child(arg));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status))
		fail_msg("child (arg %lu) died with status %#x", arg, status);
	return WEXITSTATUS(status);
}

/* A text write failing in rvt_init: everything goes back, and a retry works. */
static int child_init_fault(unsigned long k)
{
	struct rvt_ops *ops = hook_setup(&hk[0], 0, NULL, NULL);
	struct rvt_platform one = plat;
	int ret;

	fail_at = k;
	write_calls = 0;
	ret = rvt_init(&plat);
	if (write_calls < k)
		return ret == NR_GOOD && text_armed() ? CHILD_DONE : 1;
	if (ret != RVT_EPERM)
		return 2;
	if (memcmp(fake_text, initial_text, sizeof(fake_text)) || bad_writes)
		return 3;
	if (rvt_site_count() != RVT_EPERM || rvt_register(ops) != RVT_EPERM)
		return 4;
	/* Also a single-hart platform without IPIs. */
	one.nr_harts = 1;
	one.send_ipi = NULL;
	fail_at = 0;
	if (rvt_init(&one) != NR_GOOD || !text_armed() || bad_writes)
		return 5;
	if (rvt_site_count() != NR_GOOD || rvt_register(ops) != 0 ||
	    rvt_site_enabled(FP(0)) != 1)
		return 6;
	return 0;
}

static void test_init_text_write_fault(void **state)
{
	unsigned long k;
	int r = 0;

	(void)state;
	for (k = 1; k < 1000; k++) {
		r = run_child(child_init_fault, k);
		if (r == CHILD_DONE)
			break;
		if (r)
			fail_msg("write %lu of rvt_init failing: check %d", k, r);
	}
	assert_int_equal(r, CHILD_DONE);
	/* At least the auipc of every site is written. */
	assert_true(k > NR_GOOD);
	expect_untouched();
}

/*
 * A site beyond the +-2 GiB reach of auipc+jalr from rvt_caller: it must not
 * be written. platform.h promises RVT_ERANGE from rvt_init, site.c refuses
 * the entry instead; either is accepted here, a write is not.
 */
static int child_far_site(unsigned long unused)
{
	unsigned long want = ((unsigned long)rvt_caller + (16ul << 30)) &
			     ~0xffful;
	uint32_t *page, before[64];
	unsigned long far_entry;
	int ret, i, n;

	(void)unused;
	page = mmap((void *)want, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (page == MAP_FAILED || (unsigned long)page != want)
		return CHILD_SKIP;
	for (i = 0; i < 64; i++)
		page[i] = NOP;
	memcpy(before, page, sizeof(before));
	far_entry = (unsigned long)&page[32];
	for (i = 0; i < NR_ENTRIES; i++)
		if (table_order[i] == FN_MISALIGNED)
			rvt_test_table[i] = far_entry;

	ret = rvt_init(&plat);
	if (memcmp(page, before, sizeof(before)) || bad_writes)
		return 1;
	if (ret == RVT_ERANGE)
		return memcmp(fake_text, initial_text, sizeof(fake_text)) ? 2 : 0;
	if (ret != NR_GOOD || !text_armed())
		return 3;
	if (rvt_site_index((void *)(far_entry + SLOT)) != RVT_ENOENT)
		return 4;
	n = rvt_site_refused_count();
	for (i = 0; i < n; i++)
		if (rvt_site_refused(i) == far_entry)
			return n == NR_BAD ? 0 : 5;
	return 6;
}

static void test_init_far_site(void **state)
{
	int r = run_child(child_far_site, 0);

	(void)state;
	if (r == CHILD_SKIP)
		skip();
	if (r)
		fail_msg("site out of reach: check %d", r);
	expect_untouched();
}

/* --- rvt_init ------------------------------------------------------------ */

static void test_init(void **state)
{
	unsigned long refused[NR_BAD], want[NR_BAD];
	int i, j;

	(void)state;
	assert_int_equal(rvt_init(&plat), NR_GOOD);
	assert_int_equal(bad_writes, 0);
	/* The boot hart is online and its fetch sees the armed sites. */
	assert_int_equal(rvt_core.online[0], 1ul);
	assert_true(fence_i[0] > 0);

	/* Armed: auipc t0 at f, f+4 the jalr's stand-in; nothing else changed. */
	expect_text(armed_text);
	for (i = 0; i < NR_GOOD; i++) {
		uint32_t auipc, jalr;

		ref_pair(F(i), &auipc, &jalr);
		assert_int_equal(pair_target(F(i), fake_text[fn_word(i)], jalr),
				 (unsigned long)rvt_caller);
	}

	/* Sorted, and the look-ups agree with each other. */
	assert_int_equal(rvt_site_count(), NR_GOOD);
	for (i = 0; i < NR_GOOD; i++) {
		assert_int_equal(rvt_site_func(i), F(i));
		assert_int_equal(rvt_site_index(FP(i)), i);
		assert_int_equal(rvt_site_enabled(FP(i)), 0);
	}
	assert_int_equal(rvt_site_func(-1), 0);
	assert_int_equal(rvt_site_func(NR_GOOD), 0);
	assert_int_equal(rvt_site_index(NULL), RVT_ENOENT);
	assert_int_equal(rvt_site_index((void *)(F(0) + 4)), RVT_ENOENT);
	assert_int_equal(rvt_site_index(rvt_caller), RVT_ENOENT);

	/* Refused: counted, reported by their recorded address, unusable. */
	assert_int_equal(rvt_site_refused_count(), NR_BAD);
	for (i = 0; i < NR_BAD; i++) {
		refused[i] = rvt_site_refused(i);
		want[i] = entry_of(NR_GOOD + i);
	}
	assert_int_equal(rvt_site_refused(-1), 0);
	assert_int_equal(rvt_site_refused(NR_BAD), 0);
	for (i = 0; i < NR_BAD; i++) {
		for (j = 0; j < NR_BAD && refused[j] != want[i]; j++)
			;
		if (j == NR_BAD)
			fail_msg("entry %#lx not reported as refused", want[i]);
		assert_int_equal(rvt_site_index(FP(NR_GOOD + i)), RVT_ENOENT);
	}

	/* The garbage the state started from is gone. */
	for (i = 0; i < NR_ENTRIES; i++)
		assert_int_equal(__rvt_site_state[i], 0);
	check_model();
}

static void test_init_again(void **state)
{
	unsigned long w = write_calls;
	struct rvt_platform p = plat;

	(void)state;
	assert_int_equal(rvt_init(&plat), RVT_EBUSY);
	p.nr_harts = 1;
	assert_int_equal(rvt_init(&p), RVT_EBUSY);
	assert_int_equal(rvt_init(NULL), RVT_EBUSY);
	assert_int_equal(write_calls, w);
	assert_int_equal(rvt_site_count(), NR_GOOD);
	assert_ptr_equal(rvt_core.plat, &plat);
	expect_text(armed_text);
}

/* --- Registering hooks --------------------------------------------------- */

static void test_register_all(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, NULL, NULL);
	int i;

	(void)state;
	assert_int_equal(reg(a), 0);
	assert_true(a->flags & RVT_OPS_FL_ENABLED);
	for (i = 0; i < NR_GOOD; i++)
		assert_int_equal(rvt_site_enabled(FP(i)), 1);
	check_model();
	assert_int_equal(unreg(a), 0);
	assert_false(a->flags & RVT_OPS_FL_ENABLED);
	for (i = 0; i < NR_GOOD; i++) {
		uint32_t auipc, jalr;

		ref_pair(F(i), &auipc, &jalr);
		assert_int_equal(fake_text[fn_word(i) + 1], OFF(jalr));
	}
	check_model();
	expect_text(armed_text);
}

static void test_register_filter(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(1, 3), NULL);
	uint32_t auipc, jalr;
	int i;

	(void)state;
	assert_int_equal(reg(a), 0);
	for (i = 0; i < NR_GOOD; i++) {
		ref_pair(F(i), &auipc, &jalr);
		assert_int_equal(fake_text[fn_word(i) + 1],
				 i == 1 || i == 3 ? jalr : OFF(jalr));
		assert_int_equal(rvt_site_enabled(FP(i)), i == 1 || i == 3);
	}
	check_model();
	assert_int_equal(unreg(a), 0);
	check_model();
}

/* An empty filter (a pointer with no length) means every function. */
static void test_register_notrace(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, NULL, LIST(2, 6));
	struct rvt_ops *b = hook_setup(&hk[1], 0, LIST(END), LIST(0));
	int i;

	(void)state;
	assert_int_equal(reg(a), 0);
	for (i = 0; i < NR_GOOD; i++)
		assert_int_equal(rvt_site_enabled(FP(i)), i != 2 && i != 6);
	check_model();
	assert_int_equal(reg(b), 0);
	check_model();
	assert_int_equal(unreg(a), 0);
	for (i = 0; i < NR_GOOD; i++)
		assert_int_equal(rvt_site_enabled(FP(i)), i != 0);
	check_model();
	assert_int_equal(unreg(b), 0);
	check_model();
}

/* Two hooks sharing f2: it stays on until the last one leaves. */
static void test_overlap(void **state)
{
	int order, i;

	(void)state;
	for (order = 0; order < 4; order++) {
		struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(1, 2), NULL);
		struct rvt_ops *b = hook_setup(&hk[1], 0, LIST(2, 3), NULL);
		struct rvt_ops *first = order & 1 ? b : a;
		struct rvt_ops *second = order & 1 ? a : b;
		struct rvt_ops *leaves = order & 2 ? b : a;
		struct rvt_ops *stays = order & 2 ? a : b;

		assert_int_equal(reg(first), 0);
		check_model();
		assert_int_equal(reg(second), 0);
		check_model();
		assert_int_equal(rvt_core.state[2] & RVT_SITE_USERS, 2);
		assert_int_equal(unreg(leaves), 0);
		check_model();
		assert_int_equal(rvt_site_enabled(FP(2)), 1);
		for (i = 1; i <= 3; i++)
			assert_int_equal(rvt_site_enabled(FP(i)),
					 model_applies(stays, F(i)));
		assert_int_equal(unreg(stays), 0);
		check_model();
		expect_text(armed_text);
	}
}

static void test_register_twice(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(4), NULL);
	struct snapshot s;

	(void)state;
	assert_int_equal(reg(a), 0);
	snap(&s);
	assert_int_equal(rvt_register(a), RVT_EBUSY);
	expect_snap(&s);
	check_model();
	assert_int_equal(unreg(a), 0);
	check_model();
}

static void test_unregister_unknown(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(4), NULL);
	struct rvt_ops *b = hook_setup(&hk[1], 0, NULL, NULL);
	struct snapshot s;

	(void)state;
	assert_int_equal(reg(b), 0);
	snap(&s);
	assert_int_equal(rvt_unregister(a), RVT_ENOENT);
	assert_int_equal(rvt_unregister(NULL), RVT_EINVAL);
	expect_snap(&s);
	assert_int_equal(unreg(b), 0);
	assert_int_equal(rvt_unregister(b), RVT_ENOENT);
	check_model();
}

/* A filter or notrace entry that is no usable site: refused, no trace. */
static void test_filter_not_a_site(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(1), NULL);
	const void *bad_fn[] = {
		FP(FN_BAD_WORD0), FP(FN_BAD_WORD1), FP(FN_MISALIGNED),
		FP(FN_ODD), (const void *)(F(2) + 4), (const void *)rvt_caller,
		NULL,
	};
	struct hook *h = &hk[1];
	struct snapshot s;
	size_t n;

	(void)state;
	/* Counts already non-zero, so that a half-done batch would show. */
	assert_int_equal(reg(a), 0);
	snap(&s);
	for (n = 0; n < ARRAY_SIZE(bad_fn); n++) {
		const void *bad = bad_fn[n];

		/* Good entries first: they are marked before the bad one. */
		hook_setup(h, 0, LIST(0, 1, 2, 3), NULL);
		h->filter[4] = bad;
		h->ops.filter_len = 5;
		assert_int_equal(rvt_register(&h->ops), RVT_ENOENT);
		expect_snap(&s);
		assert_false(h->ops.flags & RVT_OPS_FL_ENABLED);

		hook_setup(h, 0, NULL, LIST(5, 6));
		h->notrace[2] = bad;
		h->ops.notrace_len = 3;
		assert_int_equal(rvt_register(&h->ops), RVT_ENOENT);
		expect_snap(&s);
		assert_int_equal(rvt_unregister(&h->ops), RVT_ENOENT);
	}
	check_model();
	assert_int_equal(unreg(a), 0);
	check_model();
}

static void test_invalid_ops(void **state)
{
	struct hook *h = &hk[1];
	struct snapshot s;
	int n;

	(void)state;
	assert_int_equal(reg(hook_setup(&hk[0], 0, LIST(3), NULL)), 0);
	snap(&s);
	assert_int_equal(rvt_register(NULL), RVT_EINVAL);
	for (n = 0; n < 8; n++) {
		hook_setup(h, 0, LIST(1), NULL);
		switch (n) {
		case 0:
			h->ops.func = NULL;
			break;
		case 1:
			h->ops.flags = 1ul << 20;	/* no such flag */
			break;
		case 2:	/* DIRECT goes through rvt_register_direct() */
			h->ops.flags = RVT_OPS_FL_DIRECT;
			break;
		case 3:
			h->ops.flags = RVT_OPS_FL_SHARE_IPMODIFY;
			break;
		case 4:
			h->ops.notrace_len = 2;	/* with no notrace array */
			break;
		case 5:	/* live patching needs a filter */
			hook_setup(h, RVT_OPS_FL_IPMODIFY, NULL, NULL);
			break;
		case 6:
			hook_setup(h, RVT_OPS_FL_IPMODIFY, LIST(END), NULL);
			break;
		case 7:
			h->ops.flags = RVT_OPS_FL_IPMODIFY |
				       RVT_OPS_FL_SHARE_IPMODIFY;
			break;
		}
		if (rvt_register(&h->ops) != RVT_EINVAL)
			fail_msg("invalid ops %d accepted", n);
		expect_snap(&s);
		assert_false(h->ops.flags & RVT_OPS_FL_ENABLED);
	}
	check_model();
}

static void test_ipmodify_policy(void **state)
{
	struct rvt_ops *i1 = hook_setup(&hk[0], RVT_OPS_FL_IPMODIFY, LIST(1),
					NULL);
	struct rvt_ops *i2 = hook_setup(&hk[1], RVT_OPS_FL_IPMODIFY,
					LIST(2, 1), NULL);
	struct rvt_ops *i3 = hook_setup(&hk[2], RVT_OPS_FL_IPMODIFY, LIST(2),
					NULL);
	struct rvt_ops *p = hook_setup(&hk[3], 0, NULL, NULL);
	struct rvt_ops *x = hook_setup(&hk[4], RVT_OPS_FL_IPMODIFY, LIST(5, 6),
				       LIST(5));
	struct snapshot s;

	(void)state;
	/* Plain hooks share with IPMODIFY, in either order. */
	assert_int_equal(reg(p), 0);
	assert_int_equal(reg(i1), 0);
	check_model();
	snap(&s);
	assert_int_equal(rvt_register(i2), RVT_EBUSY);
	expect_snap(&s);
	assert_int_equal(reg(i3), 0);
	check_model();
	assert_int_equal(unreg(i1), 0);
	check_model();
	snap(&s);
	/* Still taken, now on f2 by i3. */
	assert_int_equal(rvt_register(i2), RVT_EBUSY);
	expect_snap(&s);
	assert_int_equal(unreg(i3), 0);
	assert_int_equal(reg(i2), 0);
	check_model();
	/* notrace takes f5 out: x claims f6 only. */
	assert_int_equal(reg(x), 0);
	check_model();
	assert_int_equal(rvt_core.state[5] & RVT_SITE_IPMODIFY, 0);
	assert_int_equal(unreg(i2), 0);
	assert_int_equal(unreg(p), 0);
	assert_int_equal(reg(i1), 0);
	check_model();
	assert_int_equal(unreg(x), 0);
	assert_int_equal(unreg(i1), 0);
	check_model();
}

/* Every hook a site can count, and not one more. */
static struct rvt_ops many[RVT_SITE_USERS + 1];

static void test_hook_limit(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(2), NULL);
	struct rvt_ops *b = hook_setup(&hk[1], 0, LIST(2, 1), NULL);
	const void *f1 = FP(1);
	struct snapshot s;
	int i;

	(void)state;
	assert_int_equal(reg(a), 0);
	for (i = 0; i < (int)RVT_SITE_USERS; i++) {
		many[i] = (struct rvt_ops){
			.func = hook_func, .filter = &f1, .filter_len = 1,
		};
		if (rvt_register(&many[i]))
			fail_msg("hook %d refused", i);
	}
	assert_int_equal(rvt_core.state[1] & RVT_SITE_USERS, RVT_SITE_USERS);
	snap(&s);
	many[i] = (struct rvt_ops){ .func = hook_func, .filter = &f1,
				    .filter_len = 1 };
	assert_int_equal(rvt_register(&many[i]), RVT_ENOSPC);
	assert_int_equal(rvt_register(b), RVT_ENOSPC);
	expect_snap(&s);
	assert_int_equal(rvt_core.state[1] & RVT_SITE_USERS, RVT_SITE_USERS);
	assert_int_equal(rvt_core.state[2] & RVT_SITE_USERS, 1);
	while (i-- > 0)
		if (rvt_unregister(&many[i]))
			fail_msg("hook %d not removed", i);
	check_model();
	assert_int_equal(unreg(a), 0);
	check_model();
}

/* --- Failing text writes roll a batch back ------------------------------- */

static int do_reg(struct rvt_ops *ops)
{
	return reg(ops);
}

static int do_unreg(struct rvt_ops *ops)
{
	return unreg(ops);
}

static void test_register_fault(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(1, 2), NULL);
	struct rvt_ops *x = hook_setup(&hk[1], 0, NULL, LIST(6));
	struct rvt_ops *y = hook_setup(&hk[2], 0, LIST(0, 1, 2, 3), NULL);

	(void)state;
	fault_each_write(do_reg, x);
	assert_int_equal(unreg(x), 0);
	/* Some sites already on, others switched by the batch. */
	assert_int_equal(reg(a), 0);
	fault_each_write(do_reg, y);
	fault_each_write(do_reg, x);
	assert_int_equal(rvt_core.state[1] & RVT_SITE_USERS, 3);
}

static void test_unregister_fault(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(1, 2), NULL);
	struct rvt_ops *x = hook_setup(&hk[1], 0, NULL, LIST(6));
	/* f6 is y's alone: its removal switches a site, not only counts. */
	struct rvt_ops *y = hook_setup(&hk[2], 0, LIST(0, 1, 2, 3, 6), NULL);

	(void)state;
	assert_int_equal(reg(x), 0);
	fault_each_write(do_unreg, x);
	/* The hook in the middle of the list leaves, both neighbours stay. */
	assert_int_equal(reg(a), 0);
	assert_int_equal(reg(y), 0);
	assert_int_equal(reg(x), 0);
	fault_each_write(do_unreg, y);
	check_model();
	/* The rolled-back hooks still run. */
	{
		struct rvt_regs r;

		assert_int_equal(reg(y), 0);
		nr_calls = 0;
		dispatch_at(F(1), 0x1234, &r);
		assert_int_equal(nr_calls, 3);
		expect_call(0, a, F(1));
		expect_call(1, x, F(1));
		expect_call(2, y, F(1));
	}
}

/* --- Foreign words: check before you write ------------------------------ */

#define EBREAK		0x00100073u
#define C_EBREAK	0x9002u

/* op(ops) is refused for the foreign word at fn and changes nothing. */
static void expect_foreign(batch_fn op, struct rvt_ops *ops, int fn,
			   unsigned long count)
{
	unsigned long flags = ops->flags, undo = rvt_undo_failures();
	struct snapshot s;

	snap(&s);
	assert_int_equal(op(ops), RVT_EFAULT);
	/* Nothing was written to the refused site: nothing failed to undo. */
	assert_int_equal(rvt_undo_failures(), undo);
	expect_snap(&s);
	assert_int_equal(ops->flags, flags);
	assert_int_equal(bad_writes, 0);
	assert_int_equal(rvt_site_foreign(), F(fn));
	assert_int_equal(rvt_site_foreign_count(), count);
}

/*
 * A site holding a word rvtrace did not write (a debugger's ebreak or
 * c.ebreak, another patcher's instruction) is left as it is: the call that
 * needed it fails with RVT_EFAULT, the sites it switched before go back, and
 * the site is reported. f1 comes first in the batch, so it is undone.
 */
static void test_foreign_word(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(1, 2), NULL);
	uint32_t *w0 = &fake_text[fn_word(2)], *w1 = w0 + 1;
	unsigned long n = rvt_site_foreign_count();
	uint32_t auipc, jalr, foreign[5], foreign0[2];
	int k;

	(void)state;
	ref_pair(F(2), &auipc, &jalr);
	foreign[0] = EBREAK;
	foreign[1] = (OFF(jalr) & 0xffff0000u) | C_EBREAK;
	foreign[2] = NOP;		/* another patcher's */
	/* A c.ebreak at f + 6, a boundary of the compiler's c.nops. */
	foreign[3] = (OFF(jalr) & 0xffffu) | C_EBREAK << 16;
	/* The stand-in of a jalr that goes elsewhere. */
	foreign[4] = OFF(jalr) ^ 0x00100000u;
	for (k = 0; k < (int)ARRAY_SIZE(foreign); k++) {
		*w1 = foreign[k];
		assert_int_equal(rvt_site_enabled(FP(2)), RVT_EFAULT);
		expect_foreign(do_reg, a, 2, ++n);
		assert_int_equal(*w1, foreign[k]);
		/* Still there on a retry: the same finding, not counted. */
		expect_foreign(do_reg, a, 2, n);
		*w1 = OFF(jalr);
		check_model();
	}
	/* A breakpoint at f itself, or at f + 2; an auipc that goes elsewhere. */
	foreign0[0] = EBREAK;
	foreign0[1] = (auipc & 0xffffu) | C_EBREAK << 16;
	for (k = 0; k < (int)ARRAY_SIZE(foreign0) + 1; k++) {
		*w0 = k < (int)ARRAY_SIZE(foreign0) ? foreign0[k] :
						      auipc + 0x1000u;
		assert_int_equal(rvt_site_enabled(FP(2)), RVT_EFAULT);
		expect_foreign(do_reg, a, 2, ++n);
		*w0 = auipc;
	}
	if (HAS_SLOT) {
		/* A fast entry has bit 0 set: 1 alone names none. */
		static const unsigned long bad[] = {
			0, 0x0000001300000013ul, 1,
			(unsigned long)&rvt_stub_ops + 2,
		};
		unsigned long *slot = (unsigned long *)(F(2) - SLOT);
		unsigned long was = *slot;

		for (k = 0; k < (int)ARRAY_SIZE(bad); k++) {
			*slot = bad[k];
			expect_foreign(do_reg, a, 2, ++n);
			assert_int_equal(*slot, bad[k]);
		}
		*slot = was;
	}

	/* On, and then a c.ebreak over the jalr: unregister is refused. */
	assert_int_equal(reg(a), 0);
	check_model();
	*w1 = (jalr & 0xffff0000u) | C_EBREAK;
	assert_int_equal(rvt_site_enabled(FP(2)), RVT_EFAULT);
	assert_int_equal(rvt_site_enabled(FP(1)), 1);
	expect_foreign(do_unreg, a, 2, ++n);
	assert_int_equal(*w1, (jalr & 0xffff0000u) | C_EBREAK);
	*w1 = jalr;
	check_model();
	assert_int_equal(unreg(a), 0);
	check_model();
	assert_int_equal(rvt_site_foreign_count(), n);
}

/*
 * A batch refused at one site undoes only what it wrote. Without a slot a
 * site whose count does not cross 0 is not written, so a foreign word
 * there is neither touched nor counted as an undo that failed; with the
 * slot that site is written (its slot) and is the one refused.
 */
static void test_foreign_untouched(void **state)
{
	struct rvt_ops *x = hook_setup(&hk[0], 0, NULL, LIST(6));
	struct rvt_ops *a = hook_setup(&hk[1], 0, LIST(1, 6), NULL);
	uint32_t *w1 = &fake_text[fn_word(1) + 1];
	uint32_t *w6 = &fake_text[fn_word(6) + 1];
	unsigned long n = rvt_site_foreign_count();
	uint32_t was1, was6;

	(void)state;
	assert_int_equal(reg(x), 0);
	was1 = *w1;
	was6 = *w6;
	*w1 = EBREAK;
	*w6 = EBREAK;
	expect_foreign(do_reg, a, HAS_SLOT ? 1 : 6, n + 1);
	assert_int_equal(*w1, EBREAK);
	assert_int_equal(*w6, EBREAK);
	*w1 = was1;
	*w6 = was6;
	check_model();
}

/*
 * A failed assert leaves a foreign word behind: put f2 back as its count
 * says (the test's one hook, or none), or every later test is refused too.
 */
static int foreign_cleanup(void **state)
{
	bool on = rvt_core.state[2] & RVT_SITE_USERS;
	uint32_t auipc, jalr;

	ref_pair(F(2), &auipc, &jalr);
	fake_text[fn_word(2)] = auipc;
	fake_text[fn_word(2) + 1] = on ? jalr : OFF(jalr);
	if (HAS_SLOT)
		*(unsigned long *)(F(2) - SLOT) = on ?
			(unsigned long)rvt_core.ops_list :
			(unsigned long)&rvt_stub_ops;
	return cleanup(state);
}

/* The word to store at poke_at when the round's first IPI goes out. */
static uint32_t *poke_at, poke_word;
static unsigned long poked_writes;

static int poking_send_ipi(unsigned int hart)
{
	if (poke_at)
		*poke_at = poke_word;
	return plat.send_ipi(hart);
}

static int counting_text_write(void *dst, const void *src, size_t len)
{
	if (poke_at && dst == poke_at && *poke_at == poke_word)
		poked_writes++;
	return plat.text_write(dst, src, len);
}

/*
 * A foreign word that arrives during the round, between the switch and the
 * second store of the platform with RVT_PLAT_QUIRK_REFETCH: that store is
 * not made, the word stays and is reported.
 */
static int child_restore_foreign(unsigned long arg)
{
	struct rvt_ops *ops = hook_setup(&hk[0], 0, LIST(1, 2), NULL);
	struct rvt_platform p = plat;

	(void)arg;
	p.send_ipi = poking_send_ipi;
	p.text_write = counting_text_write;
	p.quirks = RVT_PLAT_QUIRK_REFETCH;
	if (rvt_init(&p) != NR_GOOD)
		return 1;
	hart_online(1);
	poke_at = &fake_text[fn_word(2) + 1];
	poke_word = EBREAK;
	if (rvt_register(ops))
		return 2;
	if (*poke_at != EBREAK)
		return 3;
	if (poked_writes)
		return 4;
	if (rvt_site_foreign() != F(2) || rvt_site_foreign_count() != 1)
		return 5;
	return 0;
}

static void test_restore_foreign(void **state)
{
	(void)state;
	assert_int_equal(run_child(child_restore_foreign, 0), 0);
}

/* Stores to f2's switch word; NULL: none counted. */
static uint32_t *count_at;
static unsigned long count_stores;

static int store_counting_text_write(void *dst, const void *src, size_t len)
{
	if (count_at && dst == count_at)
		count_stores++;
	return plat.text_write(dst, src, len);
}

/*
 * The switch word of a site is stored once per switch, and once more after
 * the round only on a platform with RVT_PLAT_QUIRK_REFETCH (arg); the site
 * works either way.
 */
static int child_refetch_store(unsigned long arg)
{
	struct rvt_ops *ops = hook_setup(&hk[0], 0, LIST(1, 2), NULL);
	struct rvt_platform p = plat;
	unsigned long want = arg ? 2 : 1;
	uint32_t auipc, jalr;

	p.text_write = store_counting_text_write;
	p.quirks = arg ? RVT_PLAT_QUIRK_REFETCH : 0;
	if (rvt_init(&p) != NR_GOOD)
		return 1;
	hart_online(1);
	ref_pair(F(2), &auipc, &jalr);
	count_at = &fake_text[fn_word(2) + 1];
	count_stores = 0;
	if (rvt_register(ops) || count_stores != want)
		return 2;
	if (*count_at != jalr || rvt_site_enabled((const void *)F(2)) != 1)
		return 3;
	if (rvt_unregister(ops) || count_stores != 2 * want)
		return 4;
	if (*count_at != OFF(jalr) || rvt_site_enabled((const void *)F(2)))
		return 5;
	count_at = NULL;
	return 0;
}

static void test_refetch_store(void **state)
{
	(void)state;
	assert_int_equal(run_child(child_refetch_store, 0), 0);
	assert_int_equal(run_child(child_refetch_store, 1), 0);
}

/* --- Dispatch ------------------------------------------------------------ */

/* What a grace period would still wait for: reports owed, pinned callers. */
static unsigned long callers_inside(void)
{
	unsigned long n = rvt_core.owed[0] + rvt_core.owed[1] +
			  rvt_core.shared_inside;
	int i;

	for (i = 0; i < NR_HARTS; i++)
		n += rvt_core.harts[i].guard.owed;
	return n;
}

static void test_dispatch_single(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, NULL, NULL);
	struct rvt_regs r;
	unsigned long epoch = rvt_core.qepoch;

	(void)state;
	/* Nothing registered: the stub calls nothing. */
	nr_calls = 0;
	dispatch_at(F(3), 0x1000, &r);
	assert_int_equal(nr_calls, 0);

	assert_int_equal(reg(a), 0);
	nr_calls = 0;
	dispatch_at(F(3), 0x80001234, &r);
	assert_int_equal(nr_calls, 1);
	assert_int_equal(calls[0].ip, F(3));
	assert_int_equal(calls[0].parent_ip, 0x80001234);
	assert_ptr_equal(calls[0].ops, a);
	assert_ptr_equal(calls[0].regs, &r);
	/* Not IPMODIFY: execution continues in f after the site. */
	assert_int_equal(r.ip, F(3) + 8);
	assert_int_equal(r.a[0], 0xa0);
	assert_int_equal(r.direct, 0);
	/* Left the trampoline: nothing owed, the guard down. */
	assert_int_equal(callers_inside(), 0);
	assert_int_equal(rvt_core.harts[0].guard.busy, 0);
	/* The unregister's round was its grace period: one epoch. */
	assert_int_equal(rvt_core.qepoch, epoch);
	assert_int_equal(unreg(a), 0);
	assert_int_equal(rvt_core.qepoch, epoch + 1);
}

/* Every hook that applies, in registration order; no other. */
static void test_dispatch_order(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, NULL, NULL);
	struct rvt_ops *b = hook_setup(&hk[1], 0, LIST(2), NULL);
	struct rvt_ops *c = hook_setup(&hk[2], 0, NULL, LIST(2));
	struct rvt_regs r;
	int i, k, n;

	(void)state;
	assert_int_equal(reg(c), 0);
	assert_int_equal(reg(a), 0);
	assert_int_equal(reg(b), 0);
	for (i = 0; i < NR_GOOD; i++) {
		nr_calls = 0;
		dispatch_at(F(i), 0x2000 + (unsigned long)i, &r);
		for (k = n = 0; k < nr_model; k++) {
			if (!model_applies(model[k], F(i)))
				continue;
			expect_call(n, model[k], F(i));
			assert_int_equal(calls[n].parent_ip,
					 0x2000 + (unsigned long)i);
			n++;
		}
		assert_int_equal(nr_calls, n);
	}
	nr_calls = 0;
	dispatch_at(F(2), 0, &r);
	assert_int_equal(nr_calls, 2);
	expect_call(0, a, F(2));
	expect_call(1, b, F(2));
	assert_int_equal(unreg(a), 0);
	nr_calls = 0;
	dispatch_at(F(2), 0, &r);
	assert_int_equal(nr_calls, 1);
	expect_call(0, b, F(2));
	nr_calls = 0;
	dispatch_at(F(5), 0, &r);
	assert_int_equal(nr_calls, 1);
	expect_call(0, c, F(5));
	check_model();
}

/* The hook's function calls f4, which is traced too. */
static void call_f4(struct hook *h, unsigned long ip, struct rvt_regs *regs)
{
	struct rvt_regs inner;

	(void)ip;
	(void)regs;
	if (h->depth == 1)
		dispatch_at(F(4), 0x4444, &inner);
}

static void test_dispatch_reentry(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, NULL, NULL);
	struct rvt_ops *rec = hook_setup(&hk[1], RVT_OPS_FL_RECURSION, NULL,
					 NULL);
	struct rvt_ops *ipm = hook_setup(&hk[2], RVT_OPS_FL_IPMODIFY, LIST(4),
					 NULL);
	struct rvt_regs r;

	(void)state;
	/* Alone: suppressed when re-entered. */
	hk[0].action = call_f4;
	assert_int_equal(reg(a), 0);
	nr_calls = 0;
	dispatch_at(F(1), 0, &r);
	assert_int_equal(nr_calls, 1);
	expect_call(0, a, F(1));
	/* Both calls counted themselves out. */
	assert_int_equal(callers_inside(), 0);
	assert_int_equal(unreg(a), 0);

	/* Alone with RVT_OPS_FL_RECURSION: runs again. */
	hk[1].action = call_f4;
	assert_int_equal(reg(rec), 0);
	nr_calls = 0;
	dispatch_at(F(1), 0, &r);
	assert_int_equal(nr_calls, 2);
	expect_call(0, rec, F(1));
	expect_call(1, rec, F(4));
	hk[1].action = NULL;

	/* In the list: the re-entered walk runs only the hooks that cope. */
	assert_int_equal(reg(a), 0);
	assert_int_equal(reg(ipm), 0);
	nr_calls = 0;
	dispatch_at(F(1), 0, &r);
	assert_int_equal(nr_calls, 4);
	expect_call(0, rec, F(1));
	expect_call(1, a, F(1));
	expect_call(2, rec, F(4));	/* inside a: RECURSION */
	expect_call(3, ipm, F(4));	/* inside a: IPMODIFY always runs */
	assert_int_equal(rvt_core.harts[0].guard.busy, 0);
	assert_int_equal(callers_inside(), 0);

	/* Not re-entered any more once the outer call is over. */
	nr_calls = 0;
	dispatch_at(F(4), 0, &r);
	assert_int_equal(nr_calls, 5);
	check_model();
}

/* An interrupt handler at a new level runs hooks the interrupted one ran. */
static void irq_calls_f4(struct hook *h, unsigned long ip,
			 struct rvt_regs *regs)
{
	(void)ip;
	(void)regs;
	if (h->depth != 1)
		return;
	rvt_irq_enter();
	call_f4(h, ip, regs);
	rvt_irq_exit();
}

static void test_dispatch_irq_level(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, NULL, NULL);
	struct rvt_regs r;

	(void)state;
	hk[0].action = irq_calls_f4;
	assert_int_equal(reg(a), 0);
	nr_calls = 0;
	dispatch_at(F(1), 0, &r);
	assert_int_equal(nr_calls, 2);
	expect_call(0, a, F(1));
	expect_call(1, a, F(4));
	assert_int_equal(rvt_core.harts[0].irq_level, 0);
	assert_int_equal(rvt_core.harts[0].guard.busy, 0);
}

static void test_dispatch_ipmodify(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, NULL, NULL);
	struct rvt_ops *lp = hook_setup(&hk[1], RVT_OPS_FL_IPMODIFY, LIST(3),
					NULL);
	struct rvt_regs r;

	(void)state;
	hk[1].action = move_ip;
	hk[1].new_ip = F(7);
	assert_int_equal(reg(lp), 0);
	dispatch_at(F(3), 0, &r);
	assert_int_equal(r.ip, F(7));
	assert_int_equal(reg(a), 0);
	dispatch_at(F(3), 0, &r);
	assert_int_equal(r.ip, F(7));
	dispatch_at(F(5), 0, &r);
	assert_int_equal(r.ip, F(5) + 8);
}

/* Patching from inside a hook would deadlock or free a running hook. */
static int inner_ret[2];

static void try_patch(struct hook *h, unsigned long ip, struct rvt_regs *regs)
{
	(void)ip;
	(void)regs;
	inner_ret[0] = rvt_register(&hk[1].ops);
	inner_ret[1] = rvt_unregister(&h->ops);
}

static void test_api_from_hook(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, NULL, NULL);
	struct rvt_regs r;

	(void)state;
	hook_setup(&hk[1], 0, NULL, NULL);
	hk[0].action = try_patch;
	assert_int_equal(reg(a), 0);
	nr_calls = 0;
	dispatch_at(F(0), 0, &r);
	assert_int_equal(nr_calls, 1);
	assert_int_equal(inner_ret[0], RVT_EBUSY);
	assert_int_equal(inner_ret[1], RVT_EBUSY);
	check_model();
	assert_int_equal(unreg(a), 0);
	check_model();
}

/* --- Several harts ------------------------------------------------------- */

/* One round per batch, to online harts only, each of which runs fence.i. */
static void test_ipi_rounds(void **state)
{
	struct rvt_ops *x = hook_setup(&hk[0], 0, LIST(1, 2, 3), NULL);
	struct rvt_ops *y = hook_setup(&hk[1], 0, NULL, NULL);
	unsigned long fi;

	(void)state;
	memset(ipis, 0, sizeof(ipis));
	memset(ipis_handled, 0, sizeof(ipis_handled));
	assert_int_equal(reg(x), 0);
	assert_int_equal(ipis[1] + ipis[2] + ipis[0], 0);

	fi = fence_i[1];
	hart_online(1);
	assert_int_equal(fence_i[1], fi + 1);
	assert_int_equal(reg(y), 0);
	assert_int_equal(ipis[0], 0);
	assert_int_equal(ipis[1], 1);
	assert_int_equal(ipis[2], 0);
	assert_int_equal(ipis_handled[1], 1);
	assert_int_equal(fence_i[1], fi + 2);
	/* Nothing left to answer. */
	cur_hart = 1;
	assert_int_equal(rvt_handle_ipi(), 0);
	cur_hart = 0;

	assert_int_equal(unreg(y), 0);
	assert_int_equal(ipis[1], 2);
	assert_int_equal(ipis_handled[1], 2);

	/* From hart 1, hart 0 is the other one. */
	cur_hart = 1;
	assert_int_equal(reg(y), 0);
	cur_hart = 0;
	assert_int_equal(ipis[0], 1);
	assert_int_equal(ipis_handled[0], 1);
	assert_int_equal(ipis[1], 2);
	check_model();

	/* Offline again: no more rounds for it. */
	hart_offline(1);
	assert_int_equal(unreg(y), 0);
	assert_int_equal(unreg(x), 0);
	assert_int_equal(ipis[1], 2);
	assert_int_equal(ipis[2], 0);
	check_model();
}

static void test_hart_checks(void **state)
{
	struct rvt_ops *x = hook_setup(&hk[0], 0, NULL, NULL);
	struct snapshot s;

	(void)state;
	snap(&s);
	/* A hart that is not online may not patch. */
	cur_hart = 2;
	assert_int_equal(rvt_register(x), RVT_EPERM);
	assert_int_equal(rvt_unregister(x), RVT_EPERM);
	cur_hart = 0;
	expect_snap(&s);

	/* Nor one the platform does not have. */
	cur_hart = 7;
	assert_int_equal(rvt_register(x), RVT_EINVAL);
	assert_int_equal(rvt_unregister(x), RVT_EINVAL);
	rvt_hart_online();
	assert_int_equal(rvt_handle_ipi(), 0);
	cur_hart = 0;
	expect_snap(&s);
	assert_int_equal(rvt_core.online[0], 1ul);
}

/* Rollback again, now with an IPI round to a second hart in every batch. */
static void test_fault_two_harts(void **state)
{
	hart_online(1);
	memset(ipis, 0, sizeof(ipis));
	memset(ipis_handled, 0, sizeof(ipis_handled));
	test_register_fault(state);
	assert_int_equal(cleanup(state), 0);
	test_unregister_fault(state);
	assert_true(ipis[1] > 0);
	assert_int_equal(ipis[1], ipis_handled[1]);
}

/* --- Regressions: bugs these tests found, now fixed ---------------------- */

/*
 * Was a bug (lib/dispatch.c, rvt_dispatch): with one hook registered the
 * destination is that hook, and it is called without rvt_ops_applies(). A
 * hart still in the trampoline of a site that another hook had switched on
 * (rvt_unregister of that hook: the site goes off, IPIs are answered, dest
 * narrows to the remaining hook) then calls the remaining hook for a
 * function outside its filter. Without the ops slot only.
 */
static void test_regression_single_hook_ignores_filter(void **state)
{
	struct rvt_ops *a = hook_setup(&hk[0], 0, LIST(1), NULL);
	struct rvt_ops *b = hook_setup(&hk[1], 0, LIST(2), NULL);
	struct rvt_ops *c = hook_setup(&hk[2], 0, NULL, LIST(2));
	struct rvt_regs r;

	(void)state;
	assert_int_equal(reg(a), 0);
	assert_int_equal(reg(b), 0);
	assert_int_equal(unreg(b), 0);
	/* The late arrival from f2's trampoline. */
	nr_calls = 0;
	dispatch_at(F(2), 0, &r);
	assert_int_equal(nr_calls, 0);
	assert_int_equal(unreg(a), 0);

	assert_int_equal(reg(c), 0);
	nr_calls = 0;
	dispatch_at(F(2), 0, &r);
	assert_int_equal(nr_calls, 0);
}

/*
 * Was a bug (lib/ops.c, rvt_register): when the IPI to an online hart fails,
 * rvt_sync() returns RVT_ENOSYS and rvt_register() returns it, yet the hook
 * stays registered and its sites on. ops.h promises that a failed call
 * changes nothing; a caller that trusts it and reuses the ops memory leaves
 * a freed hook in the list.
 */
static void test_regression_register_error_but_registered(void **state)
{
	struct rvt_ops *x = hook_setup(&hk[0], 0, LIST(1), NULL);
	unsigned long failures = rvt_sync_failures();
	struct snapshot s;
	int ret;

	(void)state;
	hart_online(1);
	ipi_fails[1] = true;
	snap(&s);
	ret = rvt_register(x);
	ipi_fails[1] = false;
	if (!ret) {
		/* Made, and the hart that was not reached is counted. */
		assert_int_equal(rvt_sync_failures(), failures + 1);
		model[nr_model++] = x;
		check_model();
		return;
	}
	/* An error: then nothing may have changed. */
	expect_snap(&s);
	assert_false(x->flags & RVT_OPS_FL_ENABLED);
}

/* --- main ---------------------------------------------------------------- */

static int require_init(void **state)
{
	(void)state;
	return rvt_site_count() == NR_GOOD ? 0 : -1;
}

#define T(f)	cmocka_unit_test_teardown(f, cleanup)
#define TH(f)	cmocka_unit_test_teardown(f, harts_cleanup)

#ifdef RVT_TEST_TABLE_RO
/* The table as a read-only link leaves it, in one of these orders. */
enum { AS_LINKED, ADDRESS_ORDER, REFUSED_FIRST, TWO_SWAPPED };

static int child_rotable(unsigned long order)
{
	unsigned long table[NR_ENTRIES];
	int i, ret;

	for (i = 0; i < NR_ENTRIES; i++)
		table[i] = order == AS_LINKED ? rvt_test_table[i] : entry_of(i);
	if (order == REFUSED_FIRST) {
		table[0] = entry_of(FN_BAD_WORD0);
		table[FN_BAD_WORD0] = entry_of(0);
	} else if (order == TWO_SWAPPED) {
		table[0] = entry_of(1);
		table[1] = entry_of(0);
	}
	memcpy(rvt_test_table, table, sizeof(table));
	write_calls = 0;

	ret = rvt_init(&plat);
	if (memcmp(rvt_test_table, table, sizeof(table)))
		return 1;
	if (order == ADDRESS_ORDER) {
		/* Usable first, by address, refused behind: taken as it is. */
		if (ret != NR_GOOD || !text_armed() || bad_writes)
			return 2;
		return rvt_site_refused_count() == NR_BAD &&
		       rvt_site_refused(0) == entry_of(NR_GOOD) ? 0 : 3;
	}
	if (ret != RVT_EROFS)
		return 4;
	if (memcmp(fake_text, initial_text, sizeof(fake_text)) || bad_writes ||
	    write_calls)
		return 5;
	return rvt_site_count() == RVT_EPERM ? 0 : 6;
}

static void test_rotable(void **state)
{
	unsigned long order;

	(void)state;
	for (order = AS_LINKED; order <= TWO_SWAPPED; order++) {
		int ret = run_child(child_rotable, order);

		if (ret)
			fail_msg("table order %lu: check %d failed", order,
				 ret);
	}
}
#endif

int main(int argc, char **argv)
{
	const struct CMUnitTest before[] = {
		cmocka_unit_test(test_before_init),
		cmocka_unit_test(test_init_refuses_bad_platforms),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_init_text_write_fault),
		cmocka_unit_test(test_init_far_site),
		cmocka_unit_test(test_restore_foreign),
		cmocka_unit_test(test_refetch_store),
	};
	const struct CMUnitTest init[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_init_again),
	};
	const struct CMUnitTest hooks[] = {
		T(test_register_all),
		T(test_register_filter),
		T(test_register_notrace),
		T(test_overlap),
		T(test_register_twice),
		T(test_unregister_unknown),
		T(test_filter_not_a_site),
		T(test_invalid_ops),
		T(test_ipmodify_policy),
		T(test_hook_limit),
		T(test_register_fault),
		T(test_unregister_fault),
		cmocka_unit_test_teardown(test_foreign_word, foreign_cleanup),
		T(test_foreign_untouched),
		T(test_dispatch_single),
		T(test_dispatch_order),
		T(test_dispatch_reentry),
		T(test_dispatch_irq_level),
		T(test_dispatch_ipmodify),
		T(test_api_from_hook),
		TH(test_ipi_rounds),
		TH(test_hart_checks),
		TH(test_fault_two_harts),
	};
	const struct CMUnitTest regressions[] = {
		T(test_regression_single_hook_ignores_filter),
		TH(test_regression_register_error_but_registered),
	};
	int failed = 0;

	prepare();
	poison();
#ifdef RVT_TEST_TABLE_RO
	const struct CMUnitTest rotable[] = {
		cmocka_unit_test(test_rotable),
	};

	(void)before;
	(void)init;
	(void)hooks;
	(void)regressions;
	(void)argc;
	(void)argv;
	return cmocka_run_group_tests_name("read-only table", rotable, NULL,
					   NULL);
#endif
	if (argc > 1 && !strcmp(argv[1], "regressions"))
		return cmocka_run_group_tests_name("regressions", regressions, init_group,
						   NULL);
	failed += cmocka_run_group_tests_name("before rvt_init", before, NULL,
					      NULL);
	failed += cmocka_run_group_tests_name("rvt_init", init, NULL, NULL);
	failed += cmocka_run_group_tests_name("hooks", hooks, require_init,
					      NULL);
	return failed;
}
