// SPDX-License-Identifier: BSD-2-Clause
/*
 * Concurrency torture. Every hart but the boot hart calls hooked functions in
 * a tight loop - a leaf, a recursive one, one with ten arguments, one behind
 * a DIRECT trampoline and one that a live patch replaces - while the boot
 * hart registers and unregisters hooks (one hook: the single-hook path;
 * several: the list walk), switches the DIRECT trampoline, applies and
 * removes the live patch, in batches of one to every site.
 *
 * The boot hart publishes a sequence number, odd while it changes anything,
 * and the configuration in force once it is even. A worker judges a call
 * only when the sequence was the same even number before and after it (the
 * lesson of phases.c): then the hits of every hook and trampoline on that
 * hart must be exactly what the configuration says. Every call, judged or
 * not, must return the right value, and every hook checks that it is
 * registered (no call after its unregister returned, none before its
 * register began), that it applies to the function it was called for, and
 * the arguments it sees. An unexpected trap ends the run (board_trap()).
 *
 * TORTURE_SWITCHES sets the length: successful register, unregister and
 * modify calls made by the boot hart.
 */
#include "check.h"
#include "sitesnap.h"

#ifndef TORTURE_SWITCHES
#define TORTURE_SWITCHES	100
#endif

/* --- The functions under test -------------------------------------------- */

TRACED long t_leaf(long x)
{
	return x * 3 + 1;
}

/* Called through a volatile pointer: the compiler cannot make it a loop. */
static long (*volatile rec_next)(long);

TRACED long t_rec(long n)
{
	return n ? rec_next(n - 1) + n : 0;
}

TRACED long t_many(long a0, long a1, long a2, long a3, long a4, long a5,
		   long a6, long a7, long a8, long a9)
{
	return a0 + 2 * a1 + 3 * a2 + 4 * a3 + 5 * a4 + 6 * a5 + 7 * a6 +
	       8 * a7 + 9 * a8 + 10 * a9;
}

TRACED long t_direct(long x)
{
	return x ^ 0x5a;
}

/* The bug: the result lacks 1000; the live patch continues in t_fixed. */
TRACED long t_buggy(long x)
{
	return x;
}

TRACED long t_fixed(long x)
{
	return x + 1000;
}

/* Only ever in a filter: they make batches of every size. */
#define DEFINE_EXTRA(n) TRACED long t_x##n(long x) { return x + n; }
DEFINE_EXTRA(0) DEFINE_EXTRA(1) DEFINE_EXTRA(2) DEFINE_EXTRA(3)
DEFINE_EXTRA(4) DEFINE_EXTRA(5) DEFINE_EXTRA(6) DEFINE_EXTRA(7)
DEFINE_EXTRA(8) DEFINE_EXTRA(9) DEFINE_EXTRA(10) DEFINE_EXTRA(11)

enum { FN_LEAF, FN_REC, FN_MANY, FN_DIRECT, FN_BUGGY, FN_FIXED, FN_X0,
       NR_FN = FN_X0 + 12 };
#define FN_BIT(i)	(1u << (i))

static const void *const fns[NR_FN] = {
	(const void *)t_leaf, (const void *)t_rec, (const void *)t_many,
	(const void *)t_direct, (const void *)t_buggy, (const void *)t_fixed,
	(const void *)t_x0, (const void *)t_x1, (const void *)t_x2,
	(const void *)t_x3, (const void *)t_x4, (const void *)t_x5,
	(const void *)t_x6, (const void *)t_x7, (const void *)t_x8,
	(const void *)t_x9, (const void *)t_x10, (const void *)t_x11,
};

/* --- Hooks ---------------------------------------------------------------- */

/* Plain hooks first: their registration is a bit of config.plain. */
enum { H_ALL, H_LEAF, H_REC, H_PAIR, H_NT, H_VAR, NR_PLAIN,
       H_DIRECT = NR_PLAIN, H_PATCH, NR_HOOKS };

struct thook {
	struct rvt_ops ops;	/* first: the core hands back &ops */
	int id;
	uint32_t filter_mask;	/* 0: every function */
	uint32_t notrace_mask;
	const void *filter[NR_FN];
	const void *notrace[NR_FN];
};

static struct thook hooks[NR_HOOKS];

/* Set before a hook's register call, cleared after its unregister returned. */
static int live[NR_HOOKS];

struct hart_hits {
	unsigned long hits[NR_HOOKS];
} __attribute__((aligned(64)));

static struct hart_hits hits[BOARD_MAX_HARTS];
__thread unsigned long direct_hits_a, direct_hits_b;
void direct_tramp_a(void);
void direct_tramp_b(void);

enum { V_NOT_LIVE, V_NOT_APPLIES, V_ARGS, V_RESULT, V_COUNT, NR_V };
static const char *const v_name[NR_V] = {
	"hook called while not registered",
	"hook called for a function outside its filter",
	"hook saw wrong arguments",
	"wrong return value",
	"wrong event count in a settled phase",
};
static unsigned long violations[NR_V];

RVT_NOTRACE static void violation(int v, unsigned long a, unsigned long b)
{
	if (__atomic_fetch_add(&violations[v], 1, __ATOMIC_RELAXED) < 3)
		board_printf("hart %u: %s (%#lx, %#lx)\n", board_hart_index(),
			     v_name[v], a, b);
}

RVT_NOTRACE static int fn_index(unsigned long ip)
{
	int i;

	for (i = 0; i < NR_FN; i++)
		if ((unsigned long)fns[i] == ip)
			return i;
	return -1;
}

RVT_NOTRACE static bool mask_applies(uint32_t filter, uint32_t notrace, int fn)
{
	if (fn < 0)
		return !filter;
	if (filter && !(filter & FN_BIT(fn)))
		return false;
	return !(notrace & FN_BIT(fn));
}

RVT_NOTRACE static void hook_fn(unsigned long ip, unsigned long parent_ip,
				struct rvt_ops *ops, struct rvt_regs *regs)
{
	struct thook *t = (struct thook *)ops;
	int fn = fn_index(ip);
	unsigned int i;

	(void)parent_ip;
	if (!__atomic_load_n(&live[t->id], __ATOMIC_ACQUIRE))
		violation(V_NOT_LIVE, (unsigned long)t->id, ip);
	if (!mask_applies(t->filter_mask, t->notrace_mask, fn))
		violation(V_NOT_APPLIES, (unsigned long)t->id, ip);
	if (fn == FN_MANY)
		for (i = 1; i < RVT_REGS_NARGS; i++)
			if (rvt_regs_arg(regs, i) != rvt_regs_arg(regs, 0) + i)
				violation(V_ARGS, i, rvt_regs_arg(regs, i));
	hits[board_hart_index()].hits[t->id]++;
	if (t->id == H_PATCH)
		rvt_regs_set_ip(regs, (unsigned long)t_fixed);
}

RVT_NOTRACE static size_t fill(const void **set, uint32_t mask)
{
	size_t n = 0;
	int i;

	for (i = 0; i < NR_FN; i++)
		if (mask & FN_BIT(i))
			set[n++] = fns[i];
	return n;
}

RVT_NOTRACE static void hook_masks(struct thook *t, uint32_t filter,
				   uint32_t notrace)
{
	t->filter_mask = filter;
	t->notrace_mask = notrace;
	t->ops.filter = filter ? t->filter : NULL;
	t->ops.filter_len = fill(t->filter, filter);
	t->ops.notrace = notrace ? t->notrace : NULL;
	t->ops.notrace_len = fill(t->notrace, notrace);
}

RVT_NOTRACE static void hooks_setup(void)
{
	static const uint32_t filter[NR_HOOKS] = {
		[H_LEAF] = FN_BIT(FN_LEAF),
		[H_REC] = FN_BIT(FN_REC),
		[H_PAIR] = FN_BIT(FN_MANY) | FN_BIT(FN_LEAF),
		[H_VAR] = FN_BIT(FN_LEAF),
		[H_DIRECT] = FN_BIT(FN_DIRECT),
		[H_PATCH] = FN_BIT(FN_BUGGY),
	};
	int k;

	for (k = 0; k < NR_HOOKS; k++) {
		hooks[k].id = k;
		hooks[k].ops.func = hook_fn;
		hook_masks(&hooks[k], filter[k],
			   k == H_NT ? FN_BIT(FN_REC) | FN_BIT(FN_BUGGY) : 0);
	}
	hooks[H_REC].ops.flags = RVT_OPS_FL_RECURSION;
	hooks[H_PATCH].ops.flags = RVT_OPS_FL_IPMODIFY;
}

/* --- The configuration and what it makes a call do ----------------------- */

struct config {
	unsigned int plain;	/* bit k: plain hook k registered */
	uint32_t var_mask;	/* H_VAR's filter */
	int direct;		/* 0: no DIRECT hook, 1: trampoline a, 2: b */
	int patched;
};

#define NR_CONFIGS	16
static struct config configs[NR_CONFIGS];
/* Odd while the boot hart changes things; TORTURE_STOP ends the workers. */
static unsigned long seq;
#define TORTURE_STOP	(~0UL)

struct expect {
	unsigned long hits[NR_HOOKS];
	unsigned long a, b;
};

/* What one entry into function fn adds under configuration c. */
RVT_NOTRACE static void expect_entry(const struct config *c, int fn,
				     struct expect *e)
{
	int k;

	for (k = 0; k < NR_PLAIN; k++) {
		uint32_t filter = k == H_VAR ? c->var_mask :
					       hooks[k].filter_mask;

		if ((c->plain & (1u << k)) &&
		    mask_applies(filter, hooks[k].notrace_mask, fn))
			e->hits[k]++;
	}
	if (fn == FN_DIRECT && c->direct) {
		e->hits[H_DIRECT]++;
		if (c->direct == 1)
			e->a++;
		else
			e->b++;
	}
	if (fn == FN_BUGGY && c->patched) {
		e->hits[H_PATCH]++;
		/* Execution continues at t_fixed's entry, through its site. */
		expect_entry(c, FN_FIXED, e);
	}
}

/* --- Workers ------------------------------------------------------------- */

struct worker_stats {
	unsigned long calls, judged, entries;
	unsigned long done;	/* last settled sequence a call was judged in */
} __attribute__((aligned(64)));

static struct worker_stats wstats[BOARD_MAX_HARTS];

/* Call function kind i % 6 once: the entries it makes, or 0 if wrong. */
RVT_NOTRACE static int one_call(unsigned long i, long x, bool patched_ok,
				bool original_ok, int *fn)
{
	long r, n;

	switch (i % 6) {
	case 0:
		*fn = FN_LEAF;
		r = t_leaf(x);
		return r == x * 3 + 1;
	case 1:
		*fn = FN_REC;
		n = (long)(i / 6 % 6);
		r = t_rec(n);
		return r == n * (n + 1) / 2 ? (int)n + 1 : 0;
	case 2:
		*fn = FN_MANY;
		r = t_many(x, x + 1, x + 2, x + 3, x + 4, x + 5, x + 6, x + 7,
			   x + 8, x + 9);
		return r == 55 * x + 330;
	case 3:
		*fn = FN_DIRECT;
		r = t_direct(x);
		return r == (x ^ 0x5a);
	case 4:
		*fn = FN_BUGGY;
		r = t_buggy(x);
		return (patched_ok && r == x + 1000) || (original_ok && r == x);
	default:
		*fn = FN_X0 + (int)(i / 6 % 12);
		r = ((long (*)(long))fns[*fn])(x);
		return r == x + (*fn - FN_X0);
	}
}

RVT_NOTRACE static void worker(unsigned int hart, void *arg)
{
	struct worker_stats *w = &wstats[hart];
	unsigned long *my = hits[hart].hits;
	unsigned long i;

	(void)arg;
	for (i = hart * 7;; i++) {
		unsigned long s1 = __atomic_load_n(&seq, __ATOMIC_ACQUIRE), s2;
		unsigned long before[NR_HOOKS], a0 = direct_hits_a,
			      b0 = direct_hits_b;
		struct expect e = { { 0 }, 0, 0 };
		struct config c;
		int fn, entries, k, n;
		long x = (long)(i & 0xffff) - 0x8000;

		if (s1 == TORTURE_STOP)
			break;
		c = configs[(s1 >> 1) % NR_CONFIGS];
		for (k = 0; k < NR_HOOKS; k++)
			before[k] = my[k];
		entries = one_call(i, x, !(s1 & 1) ? c.patched : true,
				   !(s1 & 1) ? !c.patched : true, &fn);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		s2 = __atomic_load_n(&seq, __ATOMIC_RELAXED);
		w->calls++;
		if (!entries) {
			/* Strict only when settled; else either result. */
			if (s1 == s2 || fn != FN_BUGGY)
				violation(V_RESULT, (unsigned long)fn,
					  (unsigned long)x);
			continue;
		}
		w->entries += (unsigned long)entries;
		if (s1 != s2 || (s1 & 1))
			continue;
		for (n = 0; n < entries; n++)
			expect_entry(&c, fn, &e);
		for (k = 0; k < NR_HOOKS; k++)
			if (my[k] - before[k] != e.hits[k])
				violation(V_COUNT, (unsigned long)k,
					  (unsigned long)fn);
		if (direct_hits_a - a0 != e.a || direct_hits_b - b0 != e.b)
			violation(V_COUNT, 100 + (unsigned long)c.direct,
				  (unsigned long)fn);
		w->judged++;
		__atomic_store_n(&w->done, s1, __ATOMIC_RELEASE);
	}
}

/* --- The boot hart: changes ---------------------------------------------- */

static uint32_t rnd_state = 0x2545f491u;

RVT_NOTRACE static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static struct config cur;
static unsigned long switches, rounds_max_ticks;

/* Times every call that changes something: the longest is reported. */
RVT_NOTRACE static void changed(int ret, uint64_t t0)
{
	const struct rvt_platform *p = board_platform();
	uint64_t t = p->clock() - t0;

	CHECK_EQ(ret, 0);
	switches++;
	if (t > rounds_max_ticks)
		rounds_max_ticks = (unsigned long)t;
}

RVT_NOTRACE static void toggle_plain(int k)
{
	const struct rvt_platform *p = board_platform();
	unsigned int bit = 1u << k;
	uint64_t t0;

	if (cur.plain & bit) {
		t0 = p->clock();
		changed(rvt_unregister(&hooks[k].ops), t0);
		__atomic_store_n(&live[k], 0, __ATOMIC_RELEASE);
		cur.plain &= ~bit;
		return;
	}
	if (k == H_VAR) {
		/* A new batch: 1 to NR_FN functions. */
		uint32_t m = rnd() & (FN_BIT(NR_FN) - 1);

		cur.var_mask = m ? m : FN_BIT(rnd() % NR_FN);
		hook_masks(&hooks[k], cur.var_mask, 0);
	}
	__atomic_store_n(&live[k], 1, __ATOMIC_RELEASE);
	t0 = p->clock();
	changed(rvt_register(&hooks[k].ops), t0);
	cur.plain |= bit;
}

RVT_NOTRACE static void change_direct(void)
{
	const struct rvt_platform *p = board_platform();
	struct rvt_ops *d = &hooks[H_DIRECT].ops;
	uint64_t t0 = p->clock();

	if (!cur.direct) {
		cur.direct = 1 + (int)(rnd() & 1);
		__atomic_store_n(&live[H_DIRECT], 1, __ATOMIC_RELEASE);
		t0 = p->clock();
		changed(rvt_register_direct(d, cur.direct == 1 ?
					    (unsigned long)direct_tramp_a :
					    (unsigned long)direct_tramp_b), t0);
	} else if (rnd() % 4) {
		cur.direct = 3 - cur.direct;
		changed(rvt_modify_direct(d, cur.direct == 1 ?
					  (unsigned long)direct_tramp_a :
					  (unsigned long)direct_tramp_b), t0);
	} else {
		changed(rvt_unregister_direct(d), t0);
		__atomic_store_n(&live[H_DIRECT], 0, __ATOMIC_RELEASE);
		cur.direct = 0;
	}
}

RVT_NOTRACE static void toggle_patch(void)
{
	const struct rvt_platform *p = board_platform();
	struct rvt_ops *lp = &hooks[H_PATCH].ops;
	uint64_t t0;

	if (cur.patched) {
		t0 = p->clock();
		changed(rvt_unregister(lp), t0);
		__atomic_store_n(&live[H_PATCH], 0, __ATOMIC_RELEASE);
	} else {
		__atomic_store_n(&live[H_PATCH], 1, __ATOMIC_RELEASE);
		t0 = p->clock();
		changed(rvt_register(lp), t0);
	}
	cur.patched = !cur.patched;
}

RVT_NOTRACE static void one_change(void)
{
	uint32_t r = rnd() % (NR_PLAIN + 3);

	if (r < NR_PLAIN)
		toggle_plain((int)r);
	else if (r < NR_PLAIN + 2)
		change_direct();
	else
		toggle_patch();
}

/* Publish cur as sequence s (even) and wait for a judged call on each hart. */
RVT_NOTRACE static void settle(unsigned long s)
{
	unsigned int h;

	configs[(s >> 1) % NR_CONFIGS] = cur;
	__atomic_store_n(&seq, s, __ATOMIC_RELEASE);
	for (h = 0; h < board_nr_harts(); h++)
		if (h != board_hart_index())
			while (__atomic_load_n(&wstats[h].done,
					       __ATOMIC_ACQUIRE) != s)
				;
}

RVT_NOTRACE static unsigned long total(unsigned long (*get)(unsigned int))
{
	unsigned long n = 0;
	unsigned int h;

	for (h = 0; h < board_nr_harts(); h++)
		n += get(h);
	return n;
}

RVT_NOTRACE static unsigned long calls_of(unsigned int h)
{
	return wstats[h].calls;
}

RVT_NOTRACE static unsigned long judged_of(unsigned int h)
{
	return wstats[h].judged;
}

RVT_NOTRACE static unsigned long entries_of(unsigned int h)
{
	return wstats[h].entries;
}

int main(void)
{
	const struct rvt_platform *p = board_platform();
	static struct sitesnap snap;
	unsigned long s = 0, settled = 0, faults = 0;
	int v, k;

	CHECK(board_nr_harts() > 1);
	CHECK(rvt_init(p) > 0);
	rec_next = t_rec;
	hooks_setup();
	settle(s);
	board_run_others(worker, NULL);
	while (switches < TORTURE_SWITCHES) {
		unsigned int n = 1 + rnd() % 3;

		__atomic_store_n(&seq, ++s, __ATOMIC_RELEASE);
		while (n--)
			one_change();
		settle(++s);
		settled++;
	}
	/* Everything off again, settled once more. */
	__atomic_store_n(&seq, ++s, __ATOMIC_RELEASE);
	for (k = 0; k < NR_PLAIN; k++)
		if (cur.plain & (1u << k))
			toggle_plain(k);
	if (cur.patched)
		toggle_patch();
	while (cur.direct) {
		struct rvt_ops *d = &hooks[H_DIRECT].ops;

		CHECK_EQ(rvt_unregister_direct(d), 0);
		__atomic_store_n(&live[H_DIRECT], 0, __ATOMIC_RELEASE);
		cur.direct = 0;
	}
	settle(++s);
	__atomic_store_n(&seq, TORTURE_STOP, __ATOMIC_RELEASE);
	board_wait_others();

	sitesnap_take(&snap);
	CHECK_EQ(sitesnap_on(&snap), 0);
	CHECK_EQ(rvt_sync_failures(), 0);
	for (v = 0; v < NR_V; v++)
		faults += violations[v];
	board_printf("torture: %u harts, %lu calls (%lu function entries), %lu judged in %lu settled phases, %lu switches, longest switch %lu us, %lu faults\n",
		     board_nr_harts(), total(calls_of), total(entries_of),
		     total(judged_of), settled + 1, switches,
		     (unsigned long)(rounds_max_ticks * 1000000ULL /
				     (p->clock_hz ? p->clock_hz : 1)),
		     faults);
	CHECK_EQ(faults, 0);
	return 0;
}
