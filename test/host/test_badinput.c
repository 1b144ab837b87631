// SPDX-License-Identifier: BSD-2-Clause
/*
 * The bad-input matrix over the public API, on the real lib/ core and the
 * fake text of harness.c: every call before rvt_init(), rvt_init() with
 * every kind of bad platform and a second time, then every hook call with
 * NULL, misaligned and stale pointers, filters naming things that are no
 * site, conflicting flags, bad trampolines, too many hooks, bad tracer
 * configurations, from a hart that is not online, from a hart the platform
 * does not have, and from inside a hook. Each must return its documented
 * RVT_E* code and change nothing: the text, the site table and per-site
 * state, the whole core, the hook list, and the caller's part of the hook
 * are compared with a snapshot taken before the call. Built without and with
 * RVT_CALL_OPS.
 */
#include <stdint.h>
#include <string.h>

#include "harness.h"

#define TRAMP		0x40000ul

static unsigned char core_cold[sizeof(struct rvt_core)];

/* The text as linked, the core as it was, and no write attempted. */
static void expect_cold(void)
{
	assert_int_equal(bad_writes, 0);
	assert_int_equal(write_calls, 0);
	expect_text(initial_text);
	assert_memory_equal(&rvt_core, core_cold, sizeof(core_cold));
}

/* --- Before rvt_init ----------------------------------------------------- */

static void test_before_init(void **state)
{
	struct rvt_ops *ops = hook_setup(&hk[0], 0, LIST(1), NULL);
	struct rvt_trace_config cfg = { 0 };
	struct rvt_trace_stats st;

	(void)state;
	memset(&rvt_core, 0x5a, sizeof(rvt_core));
	memcpy(core_cold, &rvt_core, sizeof(core_cold));
	assert_int_equal(rvt_site_count(), RVT_EPERM);
	assert_int_equal(rvt_site_index(FP(1)), RVT_EPERM);
	assert_int_equal(rvt_site_func(0), 0);
	assert_int_equal(rvt_site_refused_count(), RVT_EPERM);
	assert_int_equal(rvt_site_refused(0), 0);
	assert_int_equal(rvt_site_enabled(FP(1)), RVT_EPERM);
	assert_int_equal(rvt_register(ops), RVT_EPERM);
	assert_int_equal(rvt_register(NULL), RVT_EPERM);
	assert_int_equal(rvt_unregister(ops), RVT_EPERM);
	assert_int_equal(rvt_register_direct(ops, TRAMP), RVT_EPERM);
	assert_int_equal(rvt_register_direct(ops, 0), RVT_EPERM);
	assert_int_equal(rvt_modify_direct(ops, TRAMP), RVT_EPERM);
	assert_int_equal(rvt_unregister_direct(ops), RVT_EPERM);
	assert_int_equal(rvt_ftrace_start(NULL), RVT_EPERM);
	assert_int_equal(rvt_ftrace_start(&cfg), RVT_EPERM);
	assert_int_equal(rvt_ftrace_stop(), RVT_EPERM);
	assert_int_equal(rvt_graph_start(NULL), RVT_EPERM);
	assert_int_equal(rvt_graph_stop(), RVT_EPERM);
	assert_int_equal(rvt_trace_stats(&st), RVT_EPERM);
	assert_int_equal(rvt_trace_stats(NULL), RVT_EINVAL);
	assert_int_equal(rvt_sync_failures(), 0);
	assert_int_equal(rvt_handle_ipi(), 0);
	rvt_hart_online();
	rvt_hart_offline();
	rvt_irq_enter();
	rvt_irq_exit();
	rvt_trace_marker(1);
	assert_int_equal(ops->flags, 0);
	expect_cold();
}

/* --- rvt_init ------------------------------------------------------------ */

static unsigned int hart_index_nr(void)
{
	return NR_HARTS;
}

static uint64_t clock_zero(void)
{
	return 0;
}

enum { P_NULL, P_NO_INDEX, P_NO_HARTS, P_TOO_MANY, P_HUGE, P_NO_IPI,
       P_INDEX_OUT, P_TIMEOUT_NO_CLOCK, P_TIMEOUT_NO_HZ, P_FAST_UNKNOWN,
       P_FAST_TIME_NO_CLOCK, P_NO_IRQ_SAVE, P_NO_IRQ_RESTORE,
       P_QUIRK_UNKNOWN, NR_P };

static const char *const p_name[NR_P] = {
	"NULL", "no hart_index", "nr_harts 0", "nr_harts > RVTRACE_MAX_HARTS",
	"nr_harts UINT_MAX", "several harts, no send_ipi",
	"calling hart not below nr_harts", "sync_timeout_us without a clock",
	"sync_timeout_us without clock_hz", "an unknown fast bit",
	"RVT_PLAT_FAST_TIME without a clock", "no irq_save", "no irq_restore",
	"an unknown quirk bit",
};

static void test_init_bad_platforms(void **state)
{
	struct rvt_platform p;
	int i;

	(void)state;
	for (i = 0; i < NR_P; i++) {
		p = plat;
		switch (i) {
		case P_NO_INDEX:
			p.hart_index = NULL;
			break;
		case P_NO_HARTS:
			p.nr_harts = 0;
			break;
		case P_TOO_MANY:
			p.nr_harts = RVT_MAX_HARTS + 1;
			break;
		case P_HUGE:
			p.nr_harts = ~0u;
			break;
		case P_NO_IPI:
			p.send_ipi = NULL;
			break;
		case P_INDEX_OUT:
			p.hart_index = hart_index_nr;
			break;
		case P_TIMEOUT_NO_CLOCK:
			p.sync_timeout_us = 100;
			p.clock_hz = TEST_CLOCK_HZ;
			break;
		case P_TIMEOUT_NO_HZ:
			p.sync_timeout_us = 100;
			p.clock = clock_zero;
			break;
		case P_FAST_UNKNOWN:
			p.fast = 1u << 7;
			break;
		case P_FAST_TIME_NO_CLOCK:
			p.fast = RVT_PLAT_FAST_TIME;
			p.clock = NULL;
			break;
		case P_NO_IRQ_SAVE:
			p.irq_save = NULL;
			break;
		case P_NO_IRQ_RESTORE:
			p.irq_restore = NULL;
			break;
		case P_QUIRK_UNKNOWN:
			p.quirks = RVT_PLAT_QUIRK_REFETCH << 1;
			break;
		}
		if (rvt_init(i == P_NULL ? NULL : &p) != RVT_EINVAL)
			fail_msg("rvt_init with %s: not RVT_EINVAL", p_name[i]);
		assert_int_equal(rvt_site_count(), RVT_EPERM);
		expect_cold();
	}
}

/* Waiting for ever needs no clock; then rvt_init() once only. */
static void test_init_twice(void **state)
{
	/* The core keeps the pointer: it must outlive the test. */
	static struct rvt_platform p;
	struct rvt_platform other = plat;
	unsigned long w;
	struct snapshot s;

	(void)state;
	p = plat;
	p.sync_timeout_us = RVT_SYNC_WAIT_FOREVER;
	assert_int_equal(rvt_init(&p), NR_GOOD);
	check_model();
	snap(&s);
	w = write_calls;
	other.nr_harts = 1;
	assert_int_equal(rvt_init(&p), RVT_EBUSY);
	assert_int_equal(rvt_init(&other), RVT_EBUSY);
	assert_int_equal(rvt_init(NULL), RVT_EBUSY);
	assert_int_equal(write_calls, w);
	expect_snap(&s);
}

/* --- The matrix ---------------------------------------------------------- */

/*
 * Hooks already registered, so that a half-done batch or a count moved
 * would show: plain on f1 f2, a live patch on f3, DIRECT on f4.
 */
static void background(void)
{
	assert_int_equal(reg(hook_setup(&hk[0], 0, LIST(1, 2), NULL)), 0);
	assert_int_equal(reg(hook_setup(&hk[1], RVT_OPS_FL_IPMODIFY, LIST(3),
					NULL)), 0);
	assert_int_equal(reg_direct(hook_setup(&hk[2], 0, LIST(4), NULL),
				    TRAMP), 0);
	check_model();
}

/* Somewhere no struct rvt_ops can start, and a filter array likewise. */
static union {
	struct rvt_ops ops;
	const void *set[4];
	unsigned char bytes[sizeof(struct rvt_ops) + 8];
} odd_mem;

#define ODD_OPS	((struct rvt_ops *)(odd_mem.bytes + 4))

static struct rvt_ops *setup_plain(void)
{
	return hook_setup(&hk[5], 0, LIST(5, 6), NULL);
}

static struct rvt_ops *setup_func_null(void)
{
	struct rvt_ops *o = setup_plain();

	o->func = NULL;
	return o;
}

static struct rvt_ops *setup_flags(unsigned long flags, const int *filter)
{
	return hook_setup(&hk[5], flags, filter, NULL);
}

static struct rvt_ops *setup_unknown_flag(void)
{
	return setup_flags(1ul << 20, LIST(5));
}

static struct rvt_ops *setup_direct_flag(void)
{
	return setup_flags(RVT_OPS_FL_DIRECT, LIST(5));
}

static struct rvt_ops *setup_share_flag(void)
{
	return setup_flags(RVT_OPS_FL_SHARE_IPMODIFY, LIST(5));
}

static struct rvt_ops *setup_ipm_share(void)
{
	return setup_flags(RVT_OPS_FL_IPMODIFY | RVT_OPS_FL_SHARE_IPMODIFY,
			   LIST(5));
}

static struct rvt_ops *setup_ipm_everywhere(void)
{
	return setup_flags(RVT_OPS_FL_IPMODIFY, NULL);
}

static struct rvt_ops *setup_ipm_empty_filter(void)
{
	return setup_flags(RVT_OPS_FL_IPMODIFY, LIST(END));
}

static struct rvt_ops *setup_ipm_taken(void)
{
	return setup_flags(RVT_OPS_FL_IPMODIFY, LIST(5, 3));
}

static struct rvt_ops *setup_enabled(void)
{
	return setup_flags(RVT_OPS_FL_ENABLED, LIST(5));
}

/* A copy of a registered hook, core part and all. */
static struct rvt_ops *setup_copy(void)
{
	memcpy(&hk[5], &hk[0], sizeof(hk[5]));
	return &hk[5].ops;
}

/* A hook that was registered, then unregistered and its memory reused. */
static struct rvt_ops *setup_stale(void)
{
	struct rvt_ops *o = setup_plain();

	assert_int_equal(rvt_register(o), 0);
	assert_int_equal(rvt_unregister(o), 0);
	memset(&o->core, 0xa5, sizeof(o->core));
	return o;
}

static struct rvt_ops *setup_notrace_len(void)
{
	struct rvt_ops *o = setup_plain();

	o->notrace_len = 2;
	return o;
}

/* A filter length without its array: not "every function". */
static struct rvt_ops *setup_filter_len(void)
{
	struct rvt_ops *o = setup_plain();

	o->filter = NULL;
	o->filter_len = 3;
	return o;
}

static struct rvt_ops *setup_filter_misaligned(void)
{
	struct rvt_ops *o = setup_plain();

	odd_mem.set[0] = FP(5);
	odd_mem.set[1] = FP(6);
	o->filter = (const void *const *)(odd_mem.bytes + 2);
	return o;
}

static struct rvt_ops *setup_notrace_misaligned(void)
{
	struct rvt_ops *o = setup_filter_misaligned();

	o->notrace = o->filter;
	o->notrace_len = 1;
	o->filter = NULL;
	o->filter_len = 0;
	return o;
}

static struct rvt_ops *setup_full(void)
{
	return hook_setup(&hk[5], 0, LIST(1), NULL);
}

static struct rvt_ops *setup_null(void)
{
	return NULL;
}

static struct rvt_ops *setup_odd(void)
{
	return ODD_OPS;
}

static struct rvt_ops *setup_registered(void)
{
	return &hk[0].ops;
}

static struct rvt_ops *setup_direct_registered(void)
{
	return &hk[2].ops;
}

static struct rvt_ops *setup_direct_taken(void)
{
	return hook_setup(&hk[5], 0, LIST(5, 4), NULL);
}

static struct rvt_ops *setup_direct_meets_ipm(void)
{
	return hook_setup(&hk[5], 0, LIST(5, 3), NULL);
}

static int do_register(struct rvt_ops *o)
{
	return rvt_register(o);
}

static int do_unregister(struct rvt_ops *o)
{
	return rvt_unregister(o);
}

static int do_direct(struct rvt_ops *o)
{
	return rvt_register_direct(o, TRAMP);
}

static int do_direct_zero(struct rvt_ops *o)
{
	return rvt_register_direct(o, 0);
}

static int do_direct_odd(struct rvt_ops *o)
{
	return rvt_register_direct(o, TRAMP + 1);
}

/* 2-byte aligned: an instruction address only with the C extension. */
static int do_direct_half(struct rvt_ops *o)
{
	return rvt_register_direct(o, TRAMP + 2);
}

static int do_modify(struct rvt_ops *o)
{
	return rvt_modify_direct(o, TRAMP + 0x100);
}

static int do_modify_odd(struct rvt_ops *o)
{
	return rvt_modify_direct(o, TRAMP + 0x101);
}

static int do_modify_zero(struct rvt_ops *o)
{
	return rvt_modify_direct(o, 0);
}

static int do_unregister_direct(struct rvt_ops *o)
{
	return rvt_unregister_direct(o);
}

struct bad_case {
	const char *what;
	struct rvt_ops *(*setup)(void);
	int (*call)(struct rvt_ops *o);
	int want;
};

#define C(what, setup, call, want)	{ what, setup_##setup, do_##call, want }

static const struct bad_case cases[] = {
	C("NULL hook", null, register, RVT_EINVAL),
	C("NULL hook", null, unregister, RVT_EINVAL),
	C("NULL hook", null, direct, RVT_EINVAL),
	C("NULL hook", null, modify, RVT_EINVAL),
	C("NULL hook", null, unregister_direct, RVT_EINVAL),
	C("misaligned hook", odd, register, RVT_EINVAL),
	C("misaligned hook", odd, unregister, RVT_EINVAL),
	C("misaligned hook", odd, direct, RVT_EINVAL),
	C("misaligned hook", odd, modify, RVT_EINVAL),
	C("misaligned hook", odd, unregister_direct, RVT_EINVAL),
	C("no func", func_null, register, RVT_EINVAL),
	C("unknown flag", unknown_flag, register, RVT_EINVAL),
	C("unknown flag", unknown_flag, direct, RVT_EINVAL),
	C("DIRECT set by the caller", direct_flag, register, RVT_EINVAL),
	C("SHARE_IPMODIFY without DIRECT", share_flag, register, RVT_EINVAL),
	C("IPMODIFY and SHARE_IPMODIFY", ipm_share, direct, RVT_EINVAL),
	C("IPMODIFY and SHARE_IPMODIFY", ipm_share, register, RVT_EINVAL),
	C("IPMODIFY without a filter", ipm_everywhere, register, RVT_EINVAL),
	C("IPMODIFY with an empty filter", ipm_empty_filter, register,
	  RVT_EINVAL),
	C("ENABLED set by the caller", enabled, register, RVT_EINVAL),
	C("ENABLED set by the caller", enabled, direct, RVT_EINVAL),
	C("copy of a registered hook", copy, register, RVT_EINVAL),
	C("copy of a registered hook", copy, unregister, RVT_ENOENT),
	C("stale hook", stale, unregister, RVT_ENOENT),
	C("stale hook", stale, modify, RVT_ENOENT),
	C("stale hook", stale, unregister_direct, RVT_ENOENT),
	C("filter length without an array", filter_len, register,
	  RVT_EINVAL),
	C("filter length without an array", filter_len, direct, RVT_EINVAL),
	C("notrace length without an array", notrace_len, register,
	  RVT_EINVAL),
	C("misaligned filter array", filter_misaligned, register, RVT_EINVAL),
	C("misaligned notrace array", notrace_misaligned, register,
	  RVT_EINVAL),
	C("registered twice", registered, register, RVT_EBUSY),
	C("registered twice", direct_registered, direct, RVT_EBUSY),
	C("second IPMODIFY on a function", ipm_taken, register, RVT_EBUSY),
	C("second DIRECT on a function", direct_taken, direct, RVT_EBUSY),
	C("DIRECT meets IPMODIFY without sharing", direct_meets_ipm, direct,
	  RVT_EAGAIN),
	C("DIRECT trampoline 0", plain, direct_zero, RVT_EINVAL),
	C("misaligned DIRECT trampoline", plain, direct_odd, RVT_EINVAL),
	C("not registered", plain, unregister, RVT_ENOENT),
	C("not registered", plain, modify, RVT_ENOENT),
	C("not registered", plain, unregister_direct, RVT_ENOENT),
	C("DIRECT hook through rvt_unregister", direct_registered, unregister,
	  RVT_EINVAL),
	C("plain hook through rvt_unregister_direct", registered,
	  unregister_direct, RVT_EINVAL),
	C("plain hook through rvt_modify_direct", registered, modify,
	  RVT_EINVAL),
	C("DIRECT trampoline 0", direct_registered, modify_zero, RVT_EINVAL),
	C("misaligned DIRECT trampoline", direct_registered, modify_odd,
	  RVT_EINVAL),
	C("a function with every hook it can count", full, register,
	  RVT_ENOSPC),
#ifndef __riscv_compressed
	C("2-byte aligned DIRECT trampoline without C", plain, direct_half,
	  RVT_EINVAL),
#endif
};

/* Fill f1 to the per-site hook limit (hk[0] is already one of them). */
static struct rvt_ops many[RVT_SITE_USERS];

static void fill_f1(bool on)
{
	static const void *f1[1];
	unsigned int i;

	f1[0] = FP(1);
	for (i = 0; i < RVT_SITE_USERS - 1; i++) {
		if (on) {
			many[i] = (struct rvt_ops){ .func = hook_func,
						    .filter = f1,
						    .filter_len = 1 };
			assert_int_equal(rvt_register(&many[i]), 0);
		} else {
			assert_int_equal(rvt_unregister(&many[i]), 0);
		}
	}
}

static bool aligned_ops(const struct rvt_ops *o)
{
	return o && !((uintptr_t)o % _Alignof(struct rvt_ops));
}

static void run_case(const struct bad_case *c)
{
	struct rvt_ops *involved[2] = { NULL, NULL };
	struct rvt_ops *o;
	struct snapshot s;
	int ret;

	o = c->setup();
	if (c->setup == setup_full)
		fill_f1(true);
	/* Only the caller's part of a hook is compared; none of a bad one. */
	if (aligned_ops(o) && o != ODD_OPS)
		involved[0] = o;
	snap_ops(&s, involved);
	ret = c->call(o);
	if (ret != c->want)
		fail_msg("%s: %d (%s), expected %d (%s)", c->what, ret,
			 rvt_strerror(ret), c->want, rvt_strerror(c->want));
	expect_snap(&s);
	/* The model holds a few hooks, not thousands. */
	if (c->setup == setup_full)
		fill_f1(false);
	check_model();
}

static void test_matrix(void **state)
{
	size_t i;

	(void)state;
	background();
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i]);
}

/* Filter and notrace entries that are no usable site, each kind of them. */
static void test_not_a_site(void **state)
{
	const void *bad[] = {
		FP(FN_BAD_WORD0), FP(FN_BAD_WORD1), FP(FN_MISALIGNED),
		FP(FN_ODD), (const void *)(F(2) + 4), (const void *)(F(2) - 4),
		(const void *)rvt_caller, (const void *)&hk[0], NULL,
		(const void *)~0ul,
	};
	struct rvt_ops *involved[] = { &hk[5].ops, NULL };
	struct snapshot s;
	size_t n;
	int where;

	(void)state;
	background();
	for (n = 0; n < ARRAY_SIZE(bad); n++) {
		for (where = 0; where < 4; where++) {
			struct hook *h = &hk[5];
			int ret;

			/* Good entries first: marked before the bad one. */
			hook_setup(h, where & 2 ? RVT_OPS_FL_IPMODIFY : 0,
				   LIST(5, 6, 7), LIST(6));
			if (where & 1) {
				h->notrace[1] = bad[n];
				h->ops.notrace_len = 2;
			} else {
				h->filter[3] = bad[n];
				h->ops.filter_len = 4;
			}
			snap_ops(&s, involved);
			ret = where & 2 ? rvt_register(&h->ops) :
					  rvt_register_direct(&h->ops, TRAMP);
			if (ret != RVT_ENOENT)
				fail_msg("entry %zu in %s: %d", n,
					 where & 1 ? "notrace" : "filter", ret);
			expect_snap(&s);
			/* Which entry it was. */
			{
				const void *func = FP(1);
				int in_notrace = -1;

				assert_int_equal(rvt_bad_entry(&func,
							       &in_notrace),
						 where & 1 ? 1 : 3);
				assert_ptr_equal(func, bad[n]);
				assert_int_equal(in_notrace, where & 1);
			}
			check_model();
		}
	}
}

/* Tracer configurations that cannot work; and one tracer at a time. */
static void test_tracer_config(void **state)
{
	static uint64_t buf[64];
	struct rvt_trace_config bad[6];
	struct rvt_trace_config one = { 0 };
	const void *f6[1];
	struct snapshot s;
	size_t i;

	(void)state;
	background();
	memset(bad, 0, sizeof(bad));
	bad[0].flags = 1u << 30;			/* unknown flag */
	bad[1].buffer = (char *)buf + 4;		/* misaligned */
	bad[1].buffer_size = 1024;
	bad[2].buffer = buf;				/* < 2 events a hart */
	bad[2].buffer_size = NR_HARTS * sizeof(struct rvt_event);
	bad[3].buffer = buf;				/* no bytes */
	bad[4].buffer = buf;				/* oversized */
	bad[4].buffer_size = SIZE_MAX;
	bad[5].filter_len = 3;				/* length, no array */
	snap(&s);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (rvt_ftrace_start(&bad[i]) != RVT_EINVAL ||
		    rvt_graph_start(&bad[i]) != RVT_EINVAL)
			fail_msg("tracer configuration %zu accepted", i);
		expect_snap(&s);
	}
	assert_int_equal(rvt_ftrace_stop(), RVT_ENOENT);
	assert_int_equal(rvt_graph_stop(), RVT_ENOENT);
	assert_int_equal(rvt_trace_stats(NULL), RVT_EINVAL);
	expect_snap(&s);
#if defined(RVTRACE_TRACE_POOL) && RVTRACE_TRACE_POOL == 0
	/* Built without the static pools: no buffer is bad input. */
	assert_int_equal(rvt_ftrace_start(NULL), RVT_EINVAL);
	memset(&bad[0], 0, sizeof(bad[0]));
	assert_int_equal(rvt_graph_start(&bad[0]), RVT_EINVAL);
	assert_int_equal(rvt_profile_start(NULL), RVT_EINVAL);
	expect_snap(&s);
	/* With a buffer of its own the tracer runs. */
	one.buffer = buf;
	one.buffer_size = sizeof(buf);
#endif

	f6[0] = FP(6);
	one.filter = f6;
	one.filter_len = 1;
	assert_int_equal(rvt_ftrace_start(&one), 0);
	assert_int_equal(rvt_site_enabled(FP(6)), 1);
	snap(&s);
	assert_int_equal(rvt_ftrace_start(&one), RVT_EBUSY);
	assert_int_equal(rvt_graph_start(&one), RVT_EBUSY);
	assert_int_equal(rvt_graph_stop(), RVT_ENOENT);
	expect_snap(&s);
	assert_int_equal(rvt_ftrace_stop(), 0);
	assert_int_equal(rvt_ftrace_stop(), RVT_ENOENT);
	check_model();
}

/*
 * Every patching call from a hart that is not online (RVT_EPERM) and from
 * one the platform does not have (RVT_EINVAL), with good arguments.
 */
static void test_wrong_hart(void **state)
{
	static const unsigned int harts[] = { 2, 7 };
	static const int want[] = { RVT_EPERM, RVT_EINVAL };
	struct rvt_ops *p = hook_setup(&hk[5], 0, LIST(5), NULL);
	struct rvt_ops *d = hook_setup(&hk[6], 0, LIST(6), NULL);
	struct rvt_ops *involved[] = { p, d, NULL };
	struct snapshot s;
	size_t i;

	(void)state;
	background();
	for (i = 0; i < ARRAY_SIZE(harts); i++) {
		snap_ops(&s, involved);
		cur_hart = harts[i];
		assert_int_equal(rvt_register(p), want[i]);
		assert_int_equal(rvt_register_direct(d, TRAMP), want[i]);
		assert_int_equal(rvt_unregister(&hk[0].ops), want[i]);
		assert_int_equal(rvt_modify_direct(&hk[2].ops, TRAMP + 0x100),
				 want[i]);
		assert_int_equal(rvt_unregister_direct(&hk[2].ops), want[i]);
		assert_int_equal(rvt_handle_ipi(), 0);
		cur_hart = 0;
		expect_snap(&s);
		check_model();
	}
	/* Online once more, hart 2 may. */
	hart_online(2);
	cur_hart = 2;
	assert_int_equal(reg(p), 0);
	assert_int_equal(unreg(p), 0);
	cur_hart = 0;
	hart_offline(2);
	check_model();
}

/*
 * Patching from inside a hook: RVT_EBUSY for every call, nothing changed.
 * Going offline too: rounds would leave the hart out, and only a round
 * sees what its contexts are inside.
 */
static int inner[6];

static void patch_inside(struct hook *h, unsigned long ip,
			 struct rvt_regs *regs)
{
	(void)h;
	(void)ip;
	(void)regs;
	inner[0] = rvt_register(&hk[5].ops);
	inner[1] = rvt_unregister(&hk[0].ops);
	inner[2] = rvt_register_direct(&hk[6].ops, TRAMP);
	inner[3] = rvt_modify_direct(&hk[2].ops, TRAMP + 0x100);
	inner[4] = rvt_unregister_direct(&hk[2].ops);
	inner[5] = rvt_hart_offline();
}

static void test_inside_hook(void **state)
{
	struct rvt_ops *involved[] = { &hk[5].ops, &hk[6].ops, NULL };
	struct rvt_regs r;
	struct snapshot s;
	size_t i;

	(void)state;
	background();
	hook_setup(&hk[5], 0, LIST(5), NULL);
	hook_setup(&hk[6], 0, LIST(6), NULL);
	hk[0].action = patch_inside;
	snap_ops(&s, involved);
	nr_calls = 0;
	dispatch_at(F(1), 0, &r);
	hk[0].action = NULL;
	assert_int_equal(nr_calls, 1);
	for (i = 0; i < ARRAY_SIZE(inner); i++)
		assert_int_equal(inner[i], RVT_EBUSY);
	/* Nothing moved, the hart still online, the guard down again. */
	expect_snap(&s);
	check_model();
}

/*
 * From an interrupt handler: RVT_EDEADLK (it may have interrupted a call
 * between its checks and its guard), the hart still online.
 */
static void test_offline_in_irq(void **state)
{
	struct snapshot s;

	(void)state;
	snap(&s);
	rvt_irq_enter();
	assert_int_equal(rvt_hart_offline(), RVT_EDEADLK);
	rvt_irq_exit();
	expect_snap(&s);
}

#define T(f)	cmocka_unit_test_teardown(f, cleanup)

int main(void)
{
	const struct CMUnitTest before[] = {
		cmocka_unit_test(test_before_init),
		cmocka_unit_test(test_init_bad_platforms),
		cmocka_unit_test(test_init_twice),
	};
	const struct CMUnitTest after[] = {
		T(test_matrix),
		T(test_not_a_site),
		T(test_tracer_config),
		T(test_wrong_hart),
		T(test_inside_hook),
		T(test_offline_in_irq),
	};
	int failed;

	prepare();
	failed = cmocka_run_group_tests_name("before and at rvt_init", before,
					     NULL, NULL);
	if (failed)
		return failed;
	return cmocka_run_group_tests_name("bad input", after, NULL, NULL);
}
