// SPDX-License-Identifier: BSD-2-Clause
/*
 * Registering and unregistering hooks: which sites a hook applies to, the
 * per-site count of hooks, and the batch that switches sites accordingly.
 */
#include "internal.h"

#define KNOWN_FLAGS	(RVT_OPS_FL_ENABLED | RVT_OPS_FL_IPMODIFY | \
			 RVT_OPS_FL_DIRECT | RVT_OPS_FL_SHARE_IPMODIFY | \
			 RVT_OPS_FL_RECURSION)

static bool has_filter(const struct rvt_ops *ops)
{
	return ops->filter && ops->filter_len;
}

static bool listed(const void *const *set, size_t len, unsigned long ip)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned long)set[i] == ip)
			return true;
	return false;
}

/* rvt_ops_applies() for a hook with a filter or a notrace list. */
bool rvt_ops_listed(const struct rvt_ops *ops, unsigned long ip)
{
	if (has_filter(ops) && !listed(ops->filter, ops->filter_len, ip))
		return false;
	return !listed(ops->notrace, ops->notrace_len, ip);
}

static unsigned int site_users(int i)
{
	return rvt_core.state[i] & RVT_SITE_USERS;
}

/*
 * The sites a batch is about: those whose RVT_SITE_MARK bit equals
 * batch_sel. A hook with a filter selects the sites it marks (batch_sel is
 * the bit); one without selects every site but those it marks, its notrace
 * list (batch_sel is 0). Marking and unmarking then cost what the hook's
 * lists cost, not a pass over every site. Outside a batch no site is
 * marked.
 */
static rvt_site_state_t batch_sel;

static bool selected(int i)
{
	return (rvt_core.state[i] & RVT_SITE_MARK) == batch_sel;
}

static void mark(int i, bool on)
{
	if (on)
		rvt_core.state[i] |= RVT_SITE_MARK;
	else
		rvt_core.state[i] &= (rvt_site_state_t)~RVT_SITE_MARK;
}

/* Which entry of which set the last RVT_ENOENT was about (rvt_bad_entry()). */
static struct {
	const void *func;
	long index;		/* -1: none */
	bool notrace;
} bad_entry = { NULL, -1, false };

static void unmark_set(const void *const *set, size_t len)
{
	size_t k;

	for (k = 0; k < len; k++) {
		int i = rvt_site_index(set[k]);

		if (i >= 0)
			mark(i, false);
	}
}

/* Every site ops may have marked, unmarked. */
static void clear_marks(const struct rvt_ops *ops)
{
	if (has_filter(ops))
		unmark_set(ops->filter, ops->filter_len);
	unmark_set(ops->notrace, ops->notrace_len);
}

static int mark_set(const struct rvt_ops *ops, bool notrace, bool on)
{
	const void *const *set = notrace ? ops->notrace : ops->filter;
	size_t k, len = notrace ? ops->notrace_len : ops->filter_len;

	for (k = 0; k < len; k++) {
		int i = rvt_site_index(set[k]);

		if (i < 0) {
			clear_marks(ops);
			bad_entry.func = set[k];
			bad_entry.index = (long)k;
			bad_entry.notrace = notrace;
			return RVT_ENOENT;
		}
		mark(i, on);
	}
	return 0;
}

/* Select exactly the sites ops applies to; on error nothing stays marked. */
static int mark_sites(const struct rvt_ops *ops)
{
	bool filter = has_filter(ops);
	int ret;

	bad_entry.index = -1;
	batch_sel = filter ? RVT_SITE_MARK : 0;
	if (filter) {
		ret = mark_set(ops, false, true);
		if (ret)
			return ret;
	}
	return mark_set(ops, true, !filter);
}

/* With the ops slot: the one hook of a site, the walker, or the stub. */
static struct rvt_ops *slot_ops(int i)
{
	unsigned long f = rvt_site_func(i);
	struct rvt_ops *ops;

	if (site_users(i) > 1)
		return &rvt_list_ops;
	if (site_users(i) == 1)
		for (ops = rvt_core.ops_list; ops; ops = ops->core.next)
			if (rvt_ops_applies(ops, f))
				return ops;
	return &rvt_stub_ops;
}

static int site_sync(int i)
{
	return rvt_site_write(i, site_users(i) > 0,
			      RVT_HAS_SLOT ? slot_ops(i) : NULL);
}

/*
 * Put the selected sites up to and including last back as they were.
 * Without a slot the batch wrote only the sites whose count crossed 0:
 * only those are written back (a foreign word elsewhere was never touched,
 * so nothing failed to undo there).
 */
static void undo_selected(int delta, int last)
{
	int i;

	for (i = last; i >= 0; i--) {
		unsigned int now = site_users(i);

		if (!selected(i))
			continue;
		rvt_core.state[i] = (rvt_site_state_t)(rvt_core.state[i] - delta);
		if (!RVT_HAS_SLOT && now != (delta > 0 ? 1u : 0u))
			continue;
		if (site_sync(i))
			rvt_core.undo_failures++;
	}
}

/*
 * Whether a selected site has as many hooks as it can count. Only possible
 * once that many hooks are registered: until then no pass over the sites.
 */
static bool selected_full(void)
{
	const struct rvt_ops *ops;
	unsigned int hooks = 0;
	int i;

	for (ops = rvt_core.ops_list; ops && hooks < RVT_SITE_USERS;
	     ops = ops->core.next)
		hooks++;
	for (i = 0; hooks == RVT_SITE_USERS && i < rvt_core.nr_sites; i++)
		if (selected(i) && site_users(i) == RVT_SITE_USERS)
			return true;
	return false;
}

static struct rvt_ops **link_of(struct rvt_ops *ops)
{
	struct rvt_ops **link;

	for (link = &rvt_core.ops_list; *link; link = &(*link)->core.next)
		if (*link == ops)
			return link;
	return NULL;
}

static struct rvt_ops *pick_dest(void)
{
	struct rvt_ops *first = rvt_core.ops_list;

	if (!first)
		return &rvt_stub_ops;
	return first->core.next ? &rvt_list_ops : first;
}

/*
 * The trampoline's jump that saves nothing: only where the one hook applies
 * to every function, since a hart may still take the jalr of a site that
 * was switched off for another hook. The stub and the walker have no fast
 * entry.
 */
static unsigned long pick_fast(const struct rvt_ops *dest)
{
	return !RVT_HAS_SLOT && rvt_ops_everywhere(dest) ? dest->core.fast : 0;
}

/*
 * Only the lock holder writes fast_dest, so it always follows the last
 * destination. missing cannot rise meanwhile (a hart goes offline under
 * the lock), and a hart whose coming online makes it 0 opens the fast
 * entries itself when the lock is free, or has the holder open them as it
 * lets go (fast_dest_settle() in hart.c).
 */
void rvt_fast_dest_update(void)
{
	unsigned long fast = RVT_READ_ONCE(rvt_core.missing) ? 0 :
			     pick_fast(rvt_core.dest);

	__atomic_store_n(&rvt_core.fast_dest, fast, __ATOMIC_RELEASE);
}

/* Ordered before the site stores that follow, which rely on it. */
static void set_dest(void)
{
	__atomic_store_n(&rvt_core.dest, pick_dest(), __ATOMIC_RELEASE);
	rvt_fast_dest_update();
	rvt_wmb();
}

/*
 * What the trampoline may call at once: func, when there is no DIRECT
 * trampoline to take first and, without the ops slot, no list that could
 * leave out the site (a slot only names hooks of its own function). The
 * re-entered call, the walker and everything else take the full look.
 */
static unsigned long plain_call(const struct rvt_ops *ops)
{
	return ops->func && !(ops->flags & RVT_OPS_FL_DIRECT) &&
			       (RVT_HAS_SLOT || rvt_ops_everywhere(ops)) ?
		       (unsigned long)ops->func : 0;
}

/* A DIRECT hook without func: its trampoline is all it does. */
static unsigned long direct_fast(const struct rvt_ops *ops,
				 unsigned long tramp)
{
	return ops->func ? 0 : tramp;
}

/*
 * Common checks of every patching call: initialised, online, not in an
 * interrupt handler (RVT_EDEADLK: it could wait for the context it
 * interrupted), not in a hook (RVT_EBUSY: it would wait for itself).
 */
static int api_enter(void)
{
	struct rvt_ctx c;
	unsigned int bit;

	if (!rvt_ready())
		return RVT_EPERM;
	if (!rvt_this_ctx(&c))
		return RVT_EINVAL;
	if (!rvt_hart_is_online(c.index))
		return RVT_EPERM;
	if (c.level)
		return RVT_EDEADLK;
	return rvt_ctx_guard(&c, &bit)->busy & bit ? RVT_EBUSY : 0;
}

/* api_enter() and the patch lock. */
static int api_lock(void)
{
	int ret = api_enter();

	return ret ? ret : rvt_lock();
}

/*
 * A pointer to a hook that cannot be one: misaligned for the structure (a
 * corrupted or miscast pointer). NULL or a hook that is gone cannot be told
 * from a real one beyond that.
 */
static bool ops_ptr_bad(const struct rvt_ops *ops)
{
	return !ops || (uintptr_t)ops % _Alignof(struct rvt_ops);
}

/* A DIRECT trampoline must be an instruction address. */
static bool tramp_ok(unsigned long tramp)
{
#ifdef __riscv_compressed
	return tramp && !(tramp & 1);
#else
	return tramp && !(tramp & 3);
#endif
}

/* What a hook asks for, checked before anything is looked at or changed. */
static int ops_check(const struct rvt_ops *ops, bool direct)
{
	unsigned long fl;

	if (ops_ptr_bad(ops))
		return RVT_EINVAL;
	fl = ops->flags;
	if (fl & ~KNOWN_FLAGS)
		return RVT_EINVAL;
	/* DIRECT is set by rvt_register_direct(), never by the caller. */
	if (!direct && (fl & RVT_OPS_FL_DIRECT))
		return RVT_EINVAL;
	if (!direct && !ops->func)
		return RVT_EINVAL;
	/* SHARE_IPMODIFY is for DIRECT hooks that do not modify ip. */
	if ((fl & RVT_OPS_FL_SHARE_IPMODIFY) &&
	    (!direct || (fl & RVT_OPS_FL_IPMODIFY)))
		return RVT_EINVAL;
	/* A length without its array would silently mean "every function". */
	if ((ops->filter_len && !ops->filter) ||
	    (ops->notrace_len && !ops->notrace) ||
	    (has_filter(ops) && (uintptr_t)ops->filter % sizeof(void *)) ||
	    (ops->notrace_len && (uintptr_t)ops->notrace % sizeof(void *)))
		return RVT_EINVAL;
	/* Live patching every function at once is never what was meant. */
	if ((fl & RVT_OPS_FL_IPMODIFY) && !has_filter(ops))
		return RVT_EINVAL;
	return 0;
}

static bool is_ipmodify(const struct rvt_ops *ops)
{
	return ops->flags & RVT_OPS_FL_IPMODIFY;
}

static bool is_direct(const struct rvt_ops *ops)
{
	return ops->flags & RVT_OPS_FL_DIRECT;
}

/* A DIRECT hook that continues at f + 8 whatever an IPMODIFY hook chose. */
static bool direct_not_sharing(const struct rvt_ops *ops)
{
	return is_direct(ops) && !is_ipmodify(ops) &&
	       !(ops->flags & RVT_OPS_FL_SHARE_IPMODIFY);
}

/*
 * The rules of DESIGN.md section 4 on the marked sites, for a hook that is
 * joining (its DIRECT flag already set if it is one): one IPMODIFY and one
 * DIRECT hook per function; a DIRECT hook that cannot share meets an
 * IPMODIFY one with RVT_EAGAIN.
 */
static int policy_check(const struct rvt_ops *ops)
{
	bool again = false;
	int i;

	/* A hook that is neither has no rule to meet. */
	for (i = 0; (is_ipmodify(ops) || is_direct(ops)) &&
		    i < rvt_core.nr_sites; i++) {
		rvt_site_state_t st = rvt_core.state[i];

		if (!selected(i))
			continue;
		if (is_ipmodify(ops) && (st & RVT_SITE_IPMODIFY))
			return RVT_EBUSY;
		if (is_direct(ops) && (st & RVT_SITE_DIRECT))
			return RVT_EBUSY;
		if (direct_not_sharing(ops) && (st & RVT_SITE_IPMODIFY))
			again = true;
	}
	return again ? RVT_EAGAIN : 0;
}

/*
 * Whether ops applies to a site that has kind, or with kind 0 to a site
 * that is selected.
 */
static bool applies_where(const struct rvt_ops *ops, rvt_site_state_t kind)
{
	int i;

	for (i = 0; i < rvt_core.nr_sites; i++)
		if ((kind ? rvt_core.state[i] & kind : selected(i)) &&
		    rvt_ops_applies(ops, rvt_site_func(i)))
			return true;
	return false;
}

/* core.shared: SHARE_IPMODIFY asked for in this call, or granted before. */
#define SHARE_PENDING	2UL
#define SHARE_GRANTED	1UL

static void share_revoke(struct rvt_ops *d)
{
	d->ops_func(d, RVT_OPS_CMD_DISABLE_SHARE_IPMODIFY);
	d->flags &= ~RVT_OPS_FL_SHARE_IPMODIFY;
	d->core.shared = 0;
}

/* Keep what this call was granted, or give it back. */
static void share_settle(bool keep)
{
	struct rvt_ops *d;

	for (d = rvt_core.ops_list; d; d = d->core.next) {
		if (d->core.shared != SHARE_PENDING)
			continue;
		if (keep)
			d->core.shared = SHARE_GRANTED;
		else
			share_revoke(d);
	}
}

/*
 * An IPMODIFY hook is joining functions that DIRECT hooks own: each of them
 * must agree to continue where the IPMODIFY hook chooses. No ops_func means
 * it cannot (RVT_EBUSY); its own error is returned as is (a positive answer,
 * which is no RVT_E* code, as RVT_EBUSY). On failure every DIRECT hook asked
 * so far is told to stop sharing again.
 */
static int share_negotiate(void)
{
	struct rvt_ops *d;
	int ret;

	for (d = rvt_core.ops_list; d; d = d->core.next) {
		if (!direct_not_sharing(d) || !applies_where(d, 0))
			continue;
		ret = d->ops_func ?
			d->ops_func(d, RVT_OPS_CMD_ENABLE_SHARE_IPMODIFY) :
			RVT_EBUSY;
		if (ret > 0)
			ret = RVT_EBUSY;
		if (ret) {
			share_settle(false);
			return ret;
		}
		d->flags |= RVT_OPS_FL_SHARE_IPMODIFY;
		d->core.shared = SHARE_PENDING;
	}
	return 0;
}

/*
 * After an IPMODIFY hook left: a DIRECT hook that was asked to share and now
 * shares no function with an IPMODIFY hook is told it need not any more.
 */
static void share_release(void)
{
	struct rvt_ops *d;

	for (d = rvt_core.ops_list; d; d = d->core.next)
		if (d->core.shared == SHARE_GRANTED &&
		    !applies_where(d, RVT_SITE_IPMODIFY))
			share_revoke(d);
}

static rvt_site_state_t ops_kind(const struct rvt_ops *ops)
{
	return (is_ipmodify(ops) ? RVT_SITE_IPMODIFY : 0) |
	       (is_direct(ops) ? RVT_SITE_DIRECT : 0);
}

static void set_kind(rvt_site_state_t kind, bool on)
{
	int i;

	for (i = 0; kind && i < rvt_core.nr_sites; i++) {
		if (!selected(i))
			continue;
		if (on)
			rvt_core.state[i] |= kind;
		else
			rvt_core.state[i] &= (rvt_site_state_t)~kind;
	}
}

/*
 * A round that undoes a change (after a failed write or a timed-out round):
 * a hart that misses it too is counted, not waited for.
 */
static void sync_undo(bool text)
{
	if (rvt_sync(text, true))
		rvt_core.sync_failures++;
}

/*
 * The round that undoes a register, which is the grace period of the hook
 * unlinked again. A round that fails is counted as sync_undo() counts it,
 * a wait that times out as an undo that could not wait; either way ops
 * may not come back before one more grace period (rvt_register() runs
 * it), and its memory must not be reused before rvt_synchronize()
 * returns 0.
 */
static void sync_undo_grace(struct rvt_ops *ops)
{
	int grace;

	if (rvt_sync_grace(true, &grace))
		rvt_core.sync_failures++;
	else if (grace)
		rvt_core.undo_failures++;
	else
		return;
	ops->core.draining = rvt_core.grace_periods + 1;
}

static int do_register(struct rvt_ops *ops, unsigned long tramp)
{
	unsigned long direct_fl = tramp ? RVT_OPS_FL_DIRECT : 0;
	struct rvt_ops **tail;
	int ret, last;
	bool text;

	ret = api_enter();
	if (!ret)
		ret = ops_check(ops, tramp != 0);
	if (!ret)
		ret = rvt_lock();
	if (ret)
		return ret;

	/*
	 * Maybe still in use by callers of a timed-out unregister: the grace
	 * period it owes first (it needs every hart to answer a round).
	 */
	if (link_of(ops) || (ops->core.draining &&
			     (long)(rvt_core.grace_periods -
				    ops->core.draining) < 0 &&
			     rvt_wait_quiescent())) {
		ret = RVT_EBUSY;
		goto out;
	}
	/* Only the core sets ENABLED: a copy of a registered hook, or its
	   memory reused without clearing. */
	if (ops->flags & RVT_OPS_FL_ENABLED) {
		ret = RVT_EINVAL;
		goto out;
	}
	ret = mark_sites(ops);
	if (ret)
		goto out;
	/*
	 * Checked as what it is about to be; what this call adds is dropped
	 * again if it is refused (a DIRECT flag the caller set stays).
	 */
	direct_fl &= ~ops->flags;
	ops->flags |= direct_fl;
	ret = policy_check(ops);
	if (!ret && selected_full())
		ret = RVT_ENOSPC;
	if (!ret && is_ipmodify(ops))
		ret = share_negotiate();
	if (ret)
		goto refused;

	ops->core.next = NULL;
	ops->core.direct = tramp;
	if (tramp)
		ops->core.fast = direct_fast(ops, tramp);
	ops->core.shared = 0;
	ops->core.draining = 0;
	ops->core.call = plain_call(ops);
	for (tail = &rvt_core.ops_list; *tail; tail = &(*tail)->core.next)
		;
	__atomic_store_n(tail, ops, __ATOMIC_RELEASE);
	/* A wider destination first: it must cover the sites about to switch. */
	set_dest();

	ret = rvt_sites_apply(1, batch_sel, slot_ops, &text, &last);
	if (!ret) {
		ret = rvt_sync(text, true);
		/* A hart did not answer: undo every selected site. */
		if (ret)
			last = rvt_core.nr_sites - 1;
	}
	if (ret) {
		__atomic_store_n(tail, NULL, __ATOMIC_RELEASE);
		undo_selected(1, last);
		clear_marks(ops);
		set_dest();
		sync_undo_grace(ops);
		ops->core.call = 0;
		share_settle(false);
		ops->flags &= ~direct_fl;
		goto out;
	}
	set_kind(ops_kind(ops), true);
	share_settle(true);
	ops->flags |= RVT_OPS_FL_ENABLED;
	rvt_sites_settle(1, batch_sel);
	clear_marks(ops);
	goto out;

refused:
	ops->flags &= ~direct_fl;
	clear_marks(ops);
out:
	rvt_unlock();
	return ret;
}

static int do_unregister(struct rvt_ops *ops, bool direct)
{
	struct rvt_ops **link;
	int ret, last, grace;
	bool text;

	if (ops_ptr_bad(ops)) {
		ret = api_enter();
		return ret ? ret : RVT_EINVAL;
	}
	ret = api_lock();
	if (ret)
		return ret;

	link = link_of(ops);
	if (!link) {
		ret = RVT_ENOENT;
		goto out;
	}
	if (is_direct(ops) != direct) {
		ret = RVT_EINVAL;
		goto out;
	}
	ret = mark_sites(ops);
	if (ret)
		goto out;

	/*
	 * Walkers already on ops still find the rest of the list through it.
	 * The destination narrows before the round, so that the one round is
	 * the grace period too: a hart that still takes the jalr of a site
	 * switched off meanwhile finds a hook that does not apply there, and
	 * the path checks (rvt_dispatch_hooks(), pick_fast()).
	 */
	__atomic_store_n(link, ops->core.next, __ATOMIC_RELEASE);
	set_dest();
	ret = rvt_sites_apply(-1, batch_sel, slot_ops, &text, &last);
	if (!ret) {
		ret = rvt_sync_grace(text, &grace);
		if (ret)
			last = rvt_core.nr_sites - 1;
	}
	if (ret) {
		__atomic_store_n(link, ops, __ATOMIC_RELEASE);
		set_dest();
		undo_selected(-1, last);
		clear_marks(ops);
		sync_undo(true);
		goto out;
	}
	set_kind(ops_kind(ops), false);
	rvt_sites_settle(-1, batch_sel);
	clear_marks(ops);
	/* One more grace period must end before ops may come back. */
	ret = grace;
	if (ret)
		ops->core.draining = rvt_core.grace_periods + 1;
	if (is_ipmodify(ops))
		share_release();
	if (ops->core.shared)
		share_revoke(ops);
	ops->flags &= ~(RVT_OPS_FL_ENABLED | RVT_OPS_FL_DIRECT);
	ops->core.fast = 0;
	ops->core.call = 0;
out:
	rvt_unlock();
	return ret;
}

int rvt_register(struct rvt_ops *ops)
{
	return do_register(ops, 0);
}

int rvt_unregister(struct rvt_ops *ops)
{
	return do_unregister(ops, false);
}

int rvt_register_direct(struct rvt_ops *ops, unsigned long tramp)
{
	int ret = api_enter();

	if (ret)
		return ret;
	return tramp_ok(tramp) ? do_register(ops, tramp) : RVT_EINVAL;
}

int rvt_unregister_direct(struct rvt_ops *ops)
{
	return do_unregister(ops, true);
}

/*
 * With the ops slot, the sites where ops alone runs name its fast entry:
 * write them again after it changed. Stops at the first write that fails.
 */
static int resync_fast_slots(const struct rvt_ops *ops)
{
	int i, ret = 0;

	for (i = 0; RVT_HAS_SLOT && !ret && i < rvt_core.nr_sites; i++)
		if (slot_ops(i) == ops)
			ret = site_sync(i);
	return ret;
}

/* A DIRECT hook's trampoline, and with it its fast entry, set to tramp. */
static int set_tramp(struct rvt_ops *ops, unsigned long tramp)
{
	/* One store: a call reads the old or the new, never a mix. */
	__atomic_store_n(&ops->core.direct, tramp, __ATOMIC_RELEASE);
	ops->core.fast = direct_fast(ops, tramp);
	set_dest();
	return resync_fast_slots(ops);
}

/*
 * No wait for callers: one that read the old trampoline may enter it after
 * this returns (documented), and after the round every call that starts
 * reads the new one.
 */
int rvt_modify_direct(struct rvt_ops *ops, unsigned long tramp)
{
	int ret = api_enter();

	if (ret)
		return ret;
	if (ops_ptr_bad(ops) || !tramp_ok(tramp))
		return RVT_EINVAL;
	ret = rvt_lock();
	if (ret)
		return ret;
	if (!link_of(ops))
		ret = RVT_ENOENT;
	else if (!is_direct(ops))
		ret = RVT_EINVAL;
	if (!ret) {
		unsigned long old = ops->core.direct;

		ret = set_tramp(ops, tramp);
		if (!ret)
			ret = rvt_sync(false, true);
		if (ret) {
			if (set_tramp(ops, old))
				rvt_core.undo_failures++;
			sync_undo(false);
		}
	}
	rvt_unlock();
	return ret;
}

/*
 * For the tracers' stop: a stop whose wait timed out left ops unlinked, and
 * the next one only waits again.
 */
int rvt_unregister_again(struct rvt_ops *ops)
{
	return ops->flags & RVT_OPS_FL_ENABLED ? rvt_unregister(ops) :
						 rvt_synchronize();
}

int rvt_synchronize(void)
{
	int ret = api_lock();

	if (ret)
		return ret;
	ret = rvt_wait_quiescent();
	rvt_unlock();
	return ret;
}

int rvt_bad_entry(const void **func, int *in_notrace)
{
	long index = bad_entry.index;

	if (!rvt_ready())
		return RVT_EPERM;
	if (index < 0)
		return RVT_ENOENT;
	if (func)
		*func = bad_entry.func;
	if (in_notrace)
		*in_notrace = bad_entry.notrace;
	return (int)index;
}
