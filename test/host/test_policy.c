// SPDX-License-Identifier: BSD-2-Clause
/*
 * The hook policy of DESIGN.md section 4 (Linux's SHARE_IPMODIFY, seed 004)
 * on the real lib/ core and the fake text of harness.c: every ordered pair of
 * the five valid kinds of hook on one function, on overlapping and on
 * disjoint filters, with a DIRECT hook's ops_func absent, failing and
 * agreeing, removed in both orders; several DIRECT hooks asked at once; every
 * order of adding and removing three hooks; failing text writes; the DIRECT
 * calls and what dispatch hands the trampoline.
 *
 * A reference model, written from section 4 and not from lib/ops.c, says what
 * each call returns, which ops_func calls the core makes in which order, and
 * what every hook's flags are. After every refused call the whole core state
 * equals a snapshot taken before it, and no site was written.
 *
 * Run with the argument "regressions" for the tests of bugs they found,
 * now fixed.
 */
#include <string.h>

#include "harness.h"

/* --- Kinds of hook ------------------------------------------------------- */

/* The valid combinations of the seed's table, numbered as there. */
enum kind { PLAIN, IPM, DIRECT_IPM, DIRECT, DIRECT_SHARE, NR_KINDS };

static const char *const kind_name[NR_KINDS] = {
	"#1 plain", "#2 IPMODIFY", "#3 DIRECT|IPMODIFY", "#4 DIRECT",
	"#5 DIRECT|SHARE_IPMODIFY",
};

/* What the caller puts in flags; DIRECT is rvt_register_direct()'s doing. */
static const unsigned long kind_flags[NR_KINDS] = {
	[IPM] = RVT_OPS_FL_IPMODIFY,
	[DIRECT_IPM] = RVT_OPS_FL_IPMODIFY,
	[DIRECT_SHARE] = RVT_OPS_FL_SHARE_IPMODIFY,
};

static bool kind_direct(enum kind k)
{
	return k == DIRECT_IPM || k == DIRECT || k == DIRECT_SHARE;
}

/* An ops_func "answer" that stands for no ops_func at all. */
#define ABSENT	1

/* What the tests know of hk[i] beyond the harness: the model's state. */
struct pol {
	enum kind kind;
	int answer;		/* ops_func's answer to ENABLE, or ABSENT */
	bool share;		/* SHARE_IPMODIFY expected in flags */
	bool granted;		/* ... because the core asked for it */
	bool registered;
};

static struct pol pol[NR_HOOKS];
static int nr_used;		/* hk[0 .. nr_used - 1] take part */

static int idx(const struct rvt_ops *o)
{
	return (int)((const struct hook *)o - hk);
}

/* Never run on the host: only the value dispatch hands over matters. */
static unsigned long tramp_of(int i)
{
	return 0x40000ul + 0x100ul * (unsigned long)i;
}

/* --- The ops_func calls -------------------------------------------------- */

/* Two characters a call: E(NABLE) or D(ISABLE), then the hook's index. */
#define LOG_SIZE	64
static char ops_log[LOG_SIZE];
static char last_log[LOG_SIZE];		/* the calls of the last checked call */
static int ops_log_errors;		/* calls the core should not make */
static struct rvt_ops *subject;		/* the hook being (un)registered */
static unsigned long writes_before;	/* write_calls when that call began */
static unsigned long writes_at_disable;

static void log_add(char *log, char cmd, int i)
{
	size_t n = strlen(log);

	if (n + 3 > LOG_SIZE)
		n = LOG_SIZE - 3;	/* a mismatch, not an overflow */
	log[n] = cmd;
	log[n + 1] = (char)('0' + i);
	log[n + 2] = 0;
}

static bool in_list(const struct rvt_ops *ops)
{
	const struct rvt_ops *o;

	for (o = rvt_core.ops_list; o; o = o->core.next)
		if (o == ops)
			return true;
	return false;
}

/*
 * The core talks only to hooks it holds, and never while the hook that the
 * question is about is live: a DIRECT trampoline must share before the
 * IPMODIFY hook's first site switches, and may stop only once it is gone.
 */
static int record_ops_func(struct rvt_ops *ops, enum rvt_ops_cmd cmd)
{
	int i = idx(ops);

	if (!(ops->flags & RVT_OPS_FL_ENABLED) || i < 0 || i >= nr_used ||
	    (subject && in_list(subject)))
		ops_log_errors++;
	if (cmd == RVT_OPS_CMD_ENABLE_SHARE_IPMODIFY) {
		if (write_calls != writes_before)
			ops_log_errors++;
		log_add(ops_log, 'E', i);
		return pol[i].answer;
	}
	if (cmd != RVT_OPS_CMD_DISABLE_SHARE_IPMODIFY)
		ops_log_errors++;
	writes_at_disable = write_calls;
	log_add(ops_log, 'D', i);
	return 0;
}

static void set_subject(struct rvt_ops *ops)
{
	subject = ops;
	writes_before = write_calls;
}

/* Section 4 orders nothing among DISABLEs in a row: sort each such run. */
static void sort_disable_runs(char *log)
{
	size_t n = strlen(log) / 2, a, b, j;

	for (a = 0; a < n; a = b > a ? b : a + 1) {
		for (b = a; b < n && log[2 * b] == 'D'; b++)
			;
		for (j = a + 1; j < b; j++) {
			size_t k = j;

			while (k > a && log[2 * k - 1] > log[2 * k + 1]) {
				char t = log[2 * k - 1];

				log[2 * k - 1] = log[2 * k + 1];
				log[2 * k + 1] = t;
				k--;
			}
		}
	}
}

/* The ops_func calls since the last check were exactly want. */
static void expect_log(const char *want)
{
	char w[LOG_SIZE];

	strcpy(w, want);
	strcpy(last_log, ops_log);
	ops_log[0] = 0;
	sort_disable_runs(w);
	sort_disable_runs(last_log);
	assert_string_equal(last_log, w);
	assert_int_equal(ops_log_errors, 0);
}

/* --- Hooks and the model ------------------------------------------------- */

static struct rvt_ops *mk(int i, enum kind k, const int *filter, int answer)
{
	struct rvt_ops *o = hook_setup(&hk[i], kind_flags[k], filter, NULL);

	/* A DIRECT hook needs no function: the trampoline is the point. */
	if (kind_direct(k))
		o->func = NULL;
	o->ops_func = answer == ABSENT ? NULL : record_ops_func;
	pol[i] = (struct pol){ .kind = k, .answer = answer,
			       .share = k == DIRECT_SHARE };
	if (nr_used <= i)
		nr_used = i + 1;
	return o;
}

/* Every hook's flags as the model has them: none set or lost otherwise. */
static void check_flags(void)
{
	int i;

	for (i = 0; i < nr_used; i++) {
		unsigned long want = kind_flags[pol[i].kind];

		if (pol[i].share)
			want |= RVT_OPS_FL_SHARE_IPMODIFY;
		if (pol[i].registered)
			want |= RVT_OPS_FL_ENABLED |
				(kind_direct(pol[i].kind) ? RVT_OPS_FL_DIRECT :
							    0);
		if (hk[i].ops.flags != want)
			fail_msg("hk[%d] (%s): flags %#lx, expected %#lx", i,
				 kind_name[pol[i].kind], hk[i].ops.flags, want);
	}
}

static bool overlap(const struct rvt_ops *a, const struct rvt_ops *b)
{
	int i;

	for (i = 0; i < NR_GOOD; i++)
		if (model_applies(a, F(i)) && model_applies(b, F(i)))
			return true;
	return false;
}

static bool is_ipm(int i)
{
	return pol[i].kind == IPM || pol[i].kind == DIRECT_IPM;
}

/* #4 as it stands: it continues at f + 8 whatever an IPMODIFY hook chose. */
static bool not_sharing(int i)
{
	return pol[i].kind == DIRECT && !pol[i].share;
}

static bool meets_ipm(int y)
{
	int k;

	for (k = 0; k < nr_model; k++)
		if (is_ipm(idx(model[k])) && overlap(&hk[y].ops, model[k]))
			return true;
	return false;
}

/*
 * Section 4 for hk[x] joining the registered hooks, before any ops_func is
 * asked: one IPMODIFY and one DIRECT hook per function; a DIRECT hook that
 * cannot share meets an IPMODIFY one with RVT_EAGAIN, unless it is refused
 * for good anyway.
 */
static int model_policy(int x)
{
	bool direct = kind_direct(pol[x].kind);
	int ret = 0, k;

	for (k = 0; k < nr_model; k++) {
		int y = idx(model[k]);

		if (!overlap(&hk[x].ops, model[k]))
			continue;
		if ((is_ipm(x) && is_ipm(y)) ||
		    (direct && kind_direct(pol[y].kind)))
			return RVT_EBUSY;
		if (not_sharing(x) && is_ipm(y))
			ret = RVT_EAGAIN;
	}
	return ret;
}

/* A refused call: nothing differs, and no site was written or synced. */
struct refusal {
	struct snapshot s;
	unsigned long writes, fences;
};

static unsigned long all_fences(void)
{
	unsigned long n = 0;
	int i;

	for (i = 0; i < HART_SLOTS; i++)
		n += fence_i[i];
	return n;
}

static void refusal_begin(struct refusal *r)
{
	struct rvt_ops *involved[NR_HOOKS + 1] = { NULL };
	int i;

	for (i = 0; i < nr_used; i++)
		involved[i] = &hk[i].ops;
	snap_ops(&r->s, involved);
	r->writes = write_calls;
	r->fences = all_fences();
}

/*
 * No write and no round either: a refused hook must never have been live,
 * not even for the moment of a batch that was rolled back.
 */
static void refusal_end(const struct refusal *r)
{
	expect_snap(&r->s);
	assert_int_equal(write_calls, r->writes);
	assert_int_equal(all_fences(), r->fences);
	check_flags();
}

/*
 * Registers hk[x] and checks it against the model: the result, the ops_func
 * calls in order, every hook's flags, and after a refusal the whole state.
 * An IPMODIFY hook asks the DIRECT hooks that cannot share yet and apply to
 * one of its functions, in registration order; the first that cannot or
 * will not ends it, and those that agreed are told DISABLE again.
 */
static int checked_register(int x)
{
	struct rvt_ops *o = &hk[x].ops;
	int asked[NR_HOOKS], nr_asked = 0, want, k, ret;
	char log[LOG_SIZE] = "";
	struct refusal r;

	want = model_policy(x);
	for (k = 0; !want && is_ipm(x) && k < nr_model; k++) {
		int y = idx(model[k]);

		if (!not_sharing(y) || !overlap(o, model[k]))
			continue;
		if (pol[y].answer == ABSENT) {
			want = RVT_EBUSY;
			break;
		}
		log_add(log, 'E', y);
		want = pol[y].answer;
		asked[nr_asked++] = y;
	}
	for (k = 0; want && k < nr_asked; k++)
		if (pol[asked[k]].answer == 0)
			log_add(log, 'D', asked[k]);

	refusal_begin(&r);
	set_subject(o);
	ret = kind_direct(pol[x].kind) ? reg_direct(o, tramp_of(x)) : reg(o);
	if (ret != want)
		fail_msg("%s hk[%d]: returned %d, expected %d",
			 kind_name[pol[x].kind], x, ret, want);
	expect_log(log);
	if (ret) {
		refusal_end(&r);
		return ret;
	}
	pol[x].registered = true;
	for (k = 0; k < nr_asked; k++)
		pol[asked[k]].share = pol[asked[k]].granted = true;
	check_flags();
	check_model();
	return 0;
}

/* What a caller does with RVT_EAGAIN: promise to continue at t0, retry. */
static void share_and_retry(int x)
{
	hk[x].ops.flags |= RVT_OPS_FL_SHARE_IPMODIFY;
	pol[x].share = true;
	assert_int_equal(checked_register(x), 0);
}

/* An ops_func may answer RVT_EAGAIN too: only a #4 hook may retry. */
static void register_as_caller(int x)
{
	if (checked_register(x) == RVT_EAGAIN && pol[x].kind == DIRECT)
		share_and_retry(x);
}

/*
 * Removes hk[x] (or checks RVT_ENOENT if it is not registered). A grant of
 * SHARE_IPMODIFY ends with DISABLE, flag cleared, once the hook shares no
 * function with an IPMODIFY hook any more, or when the hook itself goes.
 */
static void checked_unregister(int x)
{
	struct rvt_ops *o = &hk[x].ops;
	bool direct = kind_direct(pol[x].kind);
	char log[LOG_SIZE] = "";
	struct refusal r;
	int k, y;

	set_subject(o);
	if (!pol[x].registered) {
		refusal_begin(&r);
		assert_int_equal(direct ? rvt_unregister_direct(o) :
					  rvt_unregister(o), RVT_ENOENT);
		refusal_end(&r);
		expect_log("");
		return;
	}
	assert_int_equal(direct ? unreg_direct(o) : unreg(o), 0);
	pol[x].registered = false;
	for (k = 0; k < nr_model; k++) {
		y = idx(model[k]);
		if (pol[y].granted && !meets_ipm(y)) {
			log_add(log, 'D', y);
			pol[y].granted = pol[y].share = false;
		}
	}
	if (pol[x].granted) {
		log_add(log, 'D', x);
		pol[x].granted = pol[x].share = false;
	}
	expect_log(log);
	/* No site left to switch after the last DISABLE. */
	if (log[0])
		assert_int_equal(writes_at_disable, write_calls);
	check_flags();
	check_model();
}

static int policy_cleanup(void **state)
{
	int ret = harts_cleanup(state);

	memset(pol, 0, sizeof(pol));
	nr_used = 0;
	ops_log[0] = 0;
	ops_log_errors = 0;
	subject = NULL;
	return ret;
}

/* --- Every pair ---------------------------------------------------------- */

#define ASK	1	/* the DIRECT hook's ops_func decides */

/*
 * Section 4, first registered hook (row) against the second (column) on a
 * common function, written out rather than derived.
 */
static const int pair_table[NR_KINDS][NR_KINDS] = {
	/*		#1 plain #2 IPM     #3 D|IPM   #4 DIRECT   #5 D|SHARE */
	[PLAIN]	       = { 0,	0,	    0,	       0,	   0 },
	[IPM]	       = { 0,	RVT_EBUSY, RVT_EBUSY, RVT_EAGAIN, 0 },
	[DIRECT_IPM]   = { 0,	RVT_EBUSY, RVT_EBUSY, RVT_EBUSY,  RVT_EBUSY },
	[DIRECT]       = { 0,	ASK,	    RVT_EBUSY, RVT_EBUSY,  RVT_EBUSY },
	[DIRECT_SHARE] = { 0,	0,	    RVT_EBUSY, RVT_EBUSY,  RVT_EBUSY },
};

/* ops_func of every hook: absent, three errors, and agreeing. */
static const int answers[] = { ABSENT, RVT_EBUSY, RVT_EAGAIN, -5, 0 };

static const struct relation {
	const char *name;
	const int *a, *b;
	bool common;
} relations[] = {
	{ "same function", LIST(1), LIST(1), true },
	{ "overlapping", LIST(1, 2), LIST(2, 3), true },
	{ "overlapping, reversed", LIST(2, 3), LIST(1, 2), true },
	{ "disjoint", LIST(1), LIST(3), false },
};

static void pair_case(enum kind ka, enum kind kb, const struct relation *rel,
		      int answer, bool second_leaves_first)
{
	int want = rel->common ? pair_table[ka][kb] : 0;
	int ret;

	mk(0, ka, rel->a, answer);
	mk(1, kb, rel->b, answer);
	assert_int_equal(checked_register(0), 0);
	ret = checked_register(1);
	if (want == ASK)
		want = answer == ABSENT ? RVT_EBUSY : answer;
	if (ret != want)
		fail_msg("%s then %s, %s, ops_func %d: %d, expected %d",
			 kind_name[ka], kind_name[kb], rel->name, answer, ret,
			 want);
	/* Asked once if it can be; a hook that said no never shared. */
	if (rel->common && pair_table[ka][kb] == ASK)
		assert_string_equal(last_log, answer == ABSENT ? "" : "E0");
	if (ret == RVT_EAGAIN && kb == DIRECT)
		share_and_retry(1);
	checked_unregister(second_leaves_first ? 1 : 0);
	checked_unregister(second_leaves_first ? 0 : 1);
	assert_true(text_armed());
}

static void test_pairs(void **state)
{
	const size_t nr_rel = ARRAY_SIZE(relations);
	const size_t nr_ans = ARRAY_SIZE(answers);
	size_t n;

	/* n counts through kind, kind, relation, answer and removal order. */
	for (n = 0; n < NR_KINDS * NR_KINDS * nr_rel * nr_ans * 2; n++) {
		size_t m = n / 2;
		size_t a = m % nr_ans, rel = m / nr_ans % nr_rel;
		size_t kinds = m / nr_ans / nr_rel;

		pair_case((enum kind)(kinds / NR_KINDS),
			  (enum kind)(kinds % NR_KINDS), &relations[rel],
			  answers[a], n % 2);
		assert_int_equal(policy_cleanup(state), 0);
	}
}

/* The DISABLE that ends a grant, literally, in both orders of removal. */
static void test_grant_and_release(void **state)
{
	int order;

	for (order = 0; order < 2; order++) {
		mk(0, DIRECT, LIST(1, 2), 0);
		mk(1, IPM, LIST(2, 3), 0);
		assert_int_equal(checked_register(0), 0);
		assert_int_equal(checked_register(1), 0);
		assert_string_equal(last_log, "E0");
		assert_true(hk[0].ops.flags & RVT_OPS_FL_SHARE_IPMODIFY);
		checked_unregister(order ? 0 : 1);
		assert_string_equal(last_log, "D0");
		assert_false(hk[0].ops.flags & RVT_OPS_FL_SHARE_IPMODIFY);
		checked_unregister(order ? 1 : 0);
		assert_string_equal(last_log, "");
		assert_int_equal(policy_cleanup(state), 0);
	}
}

/* A plain hook on every function combines with each kind, either order. */
static void test_plain_everywhere(void **state)
{
	int k, order;

	for (k = 0; k < NR_KINDS; k++)
		for (order = 0; order < 2; order++) {
			mk(0, PLAIN, NULL, 0);
			mk(1, k, LIST(4), 0);
			assert_int_equal(checked_register(order), 0);
			assert_int_equal(checked_register(!order), 0);
			checked_unregister(order);
			checked_unregister(!order);
			assert_int_equal(policy_cleanup(state), 0);
		}
}

/* --- Invalid requests ---------------------------------------------------- */

/*
 * hk[2] as request n asks (an invalid one), its flags as the model must find
 * them unchanged; returns whether it goes through rvt_register_direct().
 */
static bool invalid_request(int n)
{
	struct rvt_ops *o = mk(2, PLAIN, n & 1 ? LIST(5) : LIST(1, 2), 0);

	switch (n / 2) {
	case 0:	/* IPMODIFY with SHARE_IPMODIFY: contradictory, either call */
	case 1:
		pol[2].kind = IPM;
		pol[2].share = true;
		o->flags = RVT_OPS_FL_IPMODIFY | RVT_OPS_FL_SHARE_IPMODIFY;
		return n / 2 == 0;
	case 2:	/* SHARE_IPMODIFY is for DIRECT hooks only */
		pol[2].share = true;
		o->flags = RVT_OPS_FL_SHARE_IPMODIFY;
		return false;
	default:	/* a DIRECT live patch of every function */
		pol[2].kind = DIRECT_IPM;
		o->flags = RVT_OPS_FL_IPMODIFY;
		o->filter_len = 0;
		return true;
	}
}

static void test_invalid_combinations(void **state)
{
	struct refusal r;
	int n, ret;

	(void)state;
	/* Something to refuse against too, and counts that would show. */
	mk(0, DIRECT, LIST(1), 0);
	mk(1, IPM, LIST(2), 0);
	assert_int_equal(checked_register(0), 0);
	assert_int_equal(checked_register(1), 0);
	for (n = 0; n < 8; n++) {
		bool direct = invalid_request(n);

		refusal_begin(&r);
		ret = direct ? rvt_register_direct(&hk[2].ops, tramp_of(2)) :
			       rvt_register(&hk[2].ops);
		if (ret != RVT_EINVAL)
			fail_msg("invalid request %d: %d", n, ret);
		refusal_end(&r);
		expect_log("");
	}
}

/* --- Several DIRECT hooks ------------------------------------------------ */

/* One IPMODIFY hook over the functions of several DIRECT hooks. */
static void test_several_direct(void **state)
{
	(void)state;
	mk(0, DIRECT, LIST(1), 0);
	mk(1, DIRECT, LIST(2), RVT_EAGAIN);
	mk(2, DIRECT, LIST(3), 0);
	mk(3, IPM, LIST(1, 2), 0);
	assert_int_equal(checked_register(0), 0);
	assert_int_equal(checked_register(1), 0);
	assert_int_equal(checked_register(2), 0);

	/* The second refuses: the first is told DISABLE again. */
	assert_int_equal(checked_register(3), RVT_EAGAIN);
	assert_string_equal(last_log, "E0E1D0");
	/* The second cannot: the same, RVT_EBUSY. */
	hk[1].ops.ops_func = NULL;
	pol[1].answer = ABSENT;
	assert_int_equal(checked_register(3), RVT_EBUSY);
	assert_string_equal(last_log, "E0D0");
	/* Over all three, the third refusing: both others take it back. */
	mk(3, IPM, LIST(1, 2, 3), 0);
	hk[1].ops.ops_func = record_ops_func;
	pol[1].answer = 0;
	pol[2].answer = -5;
	assert_int_equal(checked_register(3), -5);
	assert_string_equal(last_log, "E0E1E2D0D1");
	/* All agree: each is asked once; all released when it goes. */
	pol[2].answer = 0;
	assert_int_equal(checked_register(3), 0);
	assert_string_equal(last_log, "E0E1E2");
	checked_unregister(3);
	assert_string_equal(last_log, "D0D1D2");
}

/*
 * A DIRECT hook that already shares must not end the search (Linux's
 * prepare_direct_functions_for_ipmodify() breaks out of its loop there).
 */
static void test_sharing_direct_first(void **state)
{
	(void)state;
	mk(0, DIRECT_SHARE, LIST(1), 0);
	mk(1, DIRECT, LIST(2), RVT_EBUSY);
	mk(2, IPM, LIST(1, 2), 0);
	assert_int_equal(checked_register(0), 0);
	assert_int_equal(checked_register(1), 0);
	assert_int_equal(checked_register(2), RVT_EBUSY);
	assert_string_equal(last_log, "E1");
	pol[1].answer = 0;
	assert_int_equal(checked_register(2), 0);
	assert_string_equal(last_log, "E1");
	/* Only the grant is given back; the caller's own flag stays. */
	checked_unregister(2);
	assert_string_equal(last_log, "D1");
	assert_true(hk[0].ops.flags & RVT_OPS_FL_SHARE_IPMODIFY);
}

/* A grant lasts while any IPMODIFY hook shares a function with the hook. */
static void test_grant_outlives_one_ipmodify(void **state)
{
	(void)state;
	mk(0, DIRECT, LIST(1, 2), 0);
	mk(1, IPM, LIST(1), 0);
	mk(2, IPM, LIST(2), 0);
	assert_int_equal(checked_register(0), 0);
	assert_int_equal(checked_register(1), 0);
	assert_string_equal(last_log, "E0");
	/* Already sharing: not asked again. */
	assert_int_equal(checked_register(2), 0);
	assert_string_equal(last_log, "");
	checked_unregister(1);
	assert_string_equal(last_log, "");
	checked_unregister(2);
	assert_string_equal(last_log, "D0");
}

/* Refusals that are certain come before any question to a DIRECT hook. */
static void test_no_question_when_refused(void **state)
{
	(void)state;
	mk(0, DIRECT, LIST(1, 3), 0);
	mk(1, IPM, LIST(2), 0);
	mk(2, DIRECT, LIST(2, 3), 0);	/* IPMODIFY at f2, DIRECT at f3 */
	mk(3, DIRECT, LIST(1, 2), 0);	/* DIRECT at f1, IPMODIFY at f2 */
	mk(4, IPM, LIST(2, 3), 0);	/* IPMODIFY at f2, DIRECT at f3 */
	assert_int_equal(checked_register(0), 0);
	assert_int_equal(checked_register(1), 0);
	/* RVT_EBUSY, not RVT_EAGAIN: sharing would not help at f3. */
	assert_int_equal(checked_register(2), RVT_EBUSY);
	assert_int_equal(checked_register(3), RVT_EBUSY);
	/* hk[0] would agree, but f2 is taken anyway: it is not asked. */
	assert_int_equal(checked_register(4), RVT_EBUSY);
	assert_string_equal(last_log, "");
}

/* --- Every order --------------------------------------------------------- */

struct member {
	enum kind kind;
	const int *filter;
	int answer;
};

static const struct member sets[][3] = {
	/* A grant or RVT_EAGAIN and a retry, by order; a plain hook too. */
	{ { IPM, LIST(1, 2), 0 }, { DIRECT, LIST(2, 3), 0 },
	  { PLAIN, LIST(3, 4), 0 } },
	/* Two DIRECT hooks under one IPMODIFY hook. */
	{ { IPM, LIST(1, 2), 0 }, { DIRECT, LIST(1), 0 },
	  { DIRECT, LIST(2), 0 } },
	/* Two IPMODIFY hooks over one DIRECT hook. */
	{ { IPM, LIST(1), 0 }, { IPM, LIST(2), 0 },
	  { DIRECT, LIST(1, 2), 0 } },
	/* A DIRECT hook that cannot share, and a plain hook everywhere. */
	{ { IPM, LIST(1, 2), 0 }, { DIRECT, LIST(2), ABSENT },
	  { PLAIN, NULL, 0 } },
	/* #3 and #5 side by side, a plain hook over both. */
	{ { DIRECT_IPM, LIST(1), 0 }, { DIRECT_SHARE, LIST(2), 0 },
	  { PLAIN, LIST(1, 2), 0 } },
};

static const int perm3[6][3] = {
	{ 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
	{ 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
};

static void test_every_order(void **state)
{
	size_t set;
	int in, out, j;

	/* A second hart online: every batch has an IPI round. */
	hart_online(1);
	for (set = 0; set < ARRAY_SIZE(sets); set++)
		for (in = 0; in < 6; in++)
			for (out = 0; out < 6; out++) {
				for (j = 0; j < 3; j++)
					mk(j, sets[set][j].kind,
					   sets[set][j].filter,
					   sets[set][j].answer);
				for (j = 0; j < 3; j++)
					register_as_caller(perm3[in][j]);
				for (j = 0; j < 3; j++)
					checked_unregister(perm3[out][j]);
				assert_true(text_armed());
				assert_int_equal(nr_model, 0);
				assert_int_equal(policy_cleanup(state), 0);
				hart_online(1);
			}
}

/* --- Failing text writes ------------------------------------------------- */

static void after_register_fault(unsigned long k)
{
	(void)k;
	/* Asked, then told to stop again: the grant went with the batch. */
	expect_log("E0D0");
	check_flags();
}

static void after_unregister_fault(unsigned long k)
{
	(void)k;
	expect_log("");
	check_flags();
}

static void test_fault_during_negotiated_register(void **state)
{
	(void)state;
	hart_online(1);
	mk(0, DIRECT, LIST(1, 2), 0);
	mk(1, IPM, LIST(2, 3), 0);
	assert_int_equal(checked_register(0), 0);
	/* The harness counts writes from 0 for each try. */
	subject = &hk[1].ops;
	writes_before = 0;
	fault_each_write_then(reg, &hk[1].ops, after_register_fault);
	expect_log("E0");
	pol[1].registered = true;
	pol[0].share = pol[0].granted = true;
	check_flags();

	fault_each_write_then(unreg, &hk[1].ops, after_unregister_fault);
	expect_log("D0");
	pol[1].registered = false;
	pol[0].share = pol[0].granted = false;
	check_flags();

	/* The granted hook itself leaves: it keeps the grant until it has. */
	assert_int_equal(checked_register(1), 0);
	assert_string_equal(last_log, "E0");
	subject = &hk[0].ops;
	fault_each_write_then(unreg_direct, &hk[0].ops, after_unregister_fault);
	expect_log("D0");
	pol[0].registered = false;
	pol[0].share = pol[0].granted = false;
	check_flags();
}

/* --- The DIRECT calls ---------------------------------------------------- */

static void test_direct_calls(void **state)
{
	struct rvt_ops *d = mk(0, DIRECT, LIST(1, 2), 0);
	struct rvt_ops *p = mk(1, PLAIN, LIST(2), 0);
	struct rvt_ops *u = mk(2, DIRECT, LIST(3), 0);
	unsigned long t2 = tramp_of(6);
	struct refusal r;
	struct rvt_regs regs;

	(void)state;
	/* Its function runs first, like any hook's. */
	d->func = hook_func;
	assert_int_equal(checked_register(0), 0);
	assert_int_equal(checked_register(1), 0);

	refusal_begin(&r);
	/* No trampoline, or not an instruction address. */
	assert_int_equal(rvt_register_direct(u, 0), RVT_EINVAL);
	assert_int_equal(rvt_register_direct(u, tramp_of(2) + 1), RVT_EINVAL);
	assert_int_equal(rvt_register_direct(NULL, tramp_of(2)), RVT_EINVAL);
	/* Each kind leaves through its own call. */
	assert_int_equal(rvt_unregister(d), RVT_EINVAL);
	assert_int_equal(rvt_unregister_direct(p), RVT_EINVAL);
	assert_int_equal(rvt_unregister_direct(NULL), RVT_EINVAL);
	assert_int_equal(rvt_unregister_direct(u), RVT_ENOENT);
	assert_int_equal(rvt_modify_direct(u, t2), RVT_ENOENT);
	assert_int_equal(rvt_modify_direct(p, t2), RVT_EINVAL);
	assert_int_equal(rvt_modify_direct(NULL, t2), RVT_EINVAL);
	assert_int_equal(rvt_modify_direct(d, 0), RVT_EINVAL);
	assert_int_equal(rvt_modify_direct(d, t2 + 1), RVT_EINVAL);
	/* Twice: refused, the trampoline stays. */
	assert_int_equal(rvt_register_direct(d, t2), RVT_EBUSY);
	assert_int_equal(rvt_register(p), RVT_EBUSY);
	refusal_end(&r);
	expect_log("");

	dispatch_at(F(1), 0, &regs);
	assert_int_equal(regs.direct, tramp_of(0));
	assert_int_equal(regs.ip, F(1) + RVT_SITE_BYTES);
	dispatch_at(F(2), 0, &regs);
	assert_int_equal(regs.direct, tramp_of(0));
	dispatch_at(F(3), 0, &regs);
	assert_int_equal(regs.direct, 0);

	assert_int_equal(rvt_modify_direct(d, t2), 0);
	check_model();
	check_flags();
	dispatch_at(F(1), 0, &regs);
	assert_int_equal(regs.direct, t2);
	assert_int_equal(regs.ip, F(1) + RVT_SITE_BYTES);
	nr_calls = 0;
	dispatch_at(F(2), 0, &regs);
	assert_int_equal(regs.direct, t2);
	assert_int_equal(nr_calls, 2);
	expect_call(0, d, F(2));
	expect_call(1, p, F(2));

	checked_unregister(0);
	checked_unregister(1);
	/* Twice: nothing there any more. */
	checked_unregister(0);
	checked_unregister(1);
	assert_int_equal(rvt_modify_direct(d, t2), RVT_ENOENT);
	dispatch_at(F(1), 0, &regs);
	assert_int_equal(regs.direct, 0);
}

/*
 * A DIRECT hook alone on every site is entered from the trampoline's first
 * instructions (rvt_core.fast_dest) only while every hart is online: the
 * entry closes when a hart goes offline and opens when the last one comes
 * online, also while another context holds the patch lock, whose holder
 * then opens it as it lets go. With the ops slot each slot says it, and
 * fast_dest stays 0.
 */
static void test_fast_entry_follows_harts(void **state)
{
	struct rvt_ops *d = mk(0, DIRECT, NULL, ABSENT);
	unsigned long open = HAS_SLOT ? 0 : tramp_of(0);

	(void)state;
	assert_int_equal(rvt_register_direct(d, tramp_of(0)), 0);
	assert_int_equal(rvt_core.fast_dest, 0);	/* hart 0 alone */
	hart_online(1);
	assert_int_equal(rvt_core.fast_dest, 0);
	hart_online(2);
	assert_int_equal(rvt_core.fast_dest, open);
	hart_offline(1);
	assert_int_equal(rvt_core.fast_dest, 0);

	assert_int_equal(rvt_lock(), 0);
	hart_online(1);
	assert_int_equal(rvt_core.fast_dest, 0);
	rvt_unlock();
	assert_int_equal(rvt_core.fast_dest, open);

	assert_int_equal(rvt_unregister_direct(d), 0);
	assert_int_equal(rvt_core.fast_dest, 0);
	assert_int_equal(rvt_core.fast_owed, 0);
}

/* IPMODIFY and a sharing DIRECT hook on one function: both choices kept. */
static void test_dispatch_shared(void **state)
{
	struct rvt_regs regs;
	unsigned long t2 = tramp_of(6);
	int order;

	for (order = 0; order < 2; order++) {
		struct rvt_ops *d = mk(0, DIRECT, LIST(1), 0);

		mk(1, IPM, LIST(1, 2), 0);
		hk[1].action = move_ip;
		hk[1].new_ip = F(7);
		/* IPMODIFY first: RVT_EAGAIN, then the DIRECT hook shares. */
		register_as_caller(order);
		register_as_caller(!order);
		assert_true(d->flags & RVT_OPS_FL_SHARE_IPMODIFY);

		nr_calls = 0;
		dispatch_at(F(1), 0x1234, &regs);
		assert_int_equal(nr_calls, 1);
		expect_call(0, &hk[1].ops, F(1));
		assert_int_equal(regs.ip, F(7));
		assert_int_equal(regs.direct, tramp_of(0));
		dispatch_at(F(2), 0x1234, &regs);
		assert_int_equal(regs.ip, F(7));
		assert_int_equal(regs.direct, 0);

		assert_int_equal(rvt_modify_direct(d, t2), 0);
		dispatch_at(F(1), 0x1234, &regs);
		assert_int_equal(regs.ip, F(7));
		assert_int_equal(regs.direct, t2);

		checked_unregister(1);
		dispatch_at(F(1), 0x1234, &regs);
		assert_int_equal(regs.ip, F(1) + RVT_SITE_BYTES);
		assert_int_equal(regs.direct, t2);
		checked_unregister(0);
		assert_int_equal(policy_cleanup(state), 0);
	}
}

/* --- Regressions: bugs these tests found, now fixed ---------------------- */

/*
 * Was a bug in lib/ops.c, do_register(): rvt_register_direct() accepts a caller's ops
 * that already carries RVT_OPS_FL_DIRECT (as a static initialiser may have
 * it) and ORs in the flag anyway; when the call is refused (policy) or fails
 * (text write, rolled back) it clears the flag with
 * "ops->flags &= ~direct_fl": the call changed the caller's flags, which
 * section 4 rules out ("no site, counter or flag differs").
 */
static int reg_direct_own(struct rvt_ops *o)
{
	return reg_direct(o, tramp_of(idx(o)));
}

/* Accepted, or refused outright with the flags as they were. */
static void preset_direct(int i)
{
	struct refusal r;
	int ret;

	hk[i].ops.flags = RVT_OPS_FL_DIRECT;
	refusal_begin(&r);
	ret = reg_direct_own(&hk[i].ops);
	if (!ret) {
		assert_int_equal(unreg_direct(&hk[i].ops), 0);
		hk[i].ops.flags = RVT_OPS_FL_DIRECT;
		return;
	}
	assert_int_equal(ret, RVT_EINVAL);
	expect_snap(&r.s);
	skip();		/* rejected as invalid: nothing more to check */
}

static void test_regression_refused_direct_clears_callers_flag(void **state)
{
	struct refusal r;

	(void)state;
	mk(0, DIRECT, LIST(1), 0);
	mk(1, DIRECT, LIST(1), 0);
	preset_direct(1);
	/* Not checked_register(): the model has no preset flags. */
	assert_int_equal(reg_direct_own(&hk[0].ops), 0);
	refusal_begin(&r);
	assert_int_equal(rvt_register_direct(&hk[1].ops, tramp_of(1)),
			 RVT_EBUSY);
	expect_snap(&r.s);
}

static void test_regression_failed_direct_clears_callers_flag(void **state)
{
	(void)state;
	mk(0, DIRECT, LIST(3), 0);
	preset_direct(0);
	fault_each_write(reg_direct_own, &hk[0].ops);
}

/* --- main ---------------------------------------------------------------- */

#define T(f)	cmocka_unit_test_teardown(f, policy_cleanup)

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		T(test_pairs),
		T(test_grant_and_release),
		T(test_plain_everywhere),
		T(test_invalid_combinations),
		T(test_several_direct),
		T(test_sharing_direct_first),
		T(test_grant_outlives_one_ipmodify),
		T(test_no_question_when_refused),
		T(test_every_order),
		T(test_fault_during_negotiated_register),
		T(test_direct_calls),
		T(test_dispatch_shared),
		T(test_fast_entry_follows_harts),
	};
	const struct CMUnitTest regressions[] = {
		T(test_regression_refused_direct_clears_callers_flag),
		T(test_regression_failed_direct_clears_callers_flag),
	};

	prepare();
	if (argc > 1 && !strcmp(argv[1], "regressions"))
		return cmocka_run_group_tests_name("regressions", regressions,
						   init_group, NULL);
	return cmocka_run_group_tests_name("policy", tests, init_group, NULL);
}
