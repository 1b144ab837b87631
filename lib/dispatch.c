// SPDX-License-Identifier: BSD-2-Clause
/*
 * What runs on every call of an enabled site: rvt_dispatch() is called by the
 * trampoline and invokes the destination - the stub, the one registered hook,
 * or the walk over every hook that applies.
 */
#include "asm_layout.h"
#include "internal.h"

_Static_assert(offsetof(struct rvt_regs, ip) == 0 * sizeof(long) &&
	       offsetof(struct rvt_regs, ra) == 1 * sizeof(long) &&
	       offsetof(struct rvt_regs, a) == 2 * sizeof(long) &&
	       offsetof(struct rvt_regs, t2) == 10 * sizeof(long) &&
	       offsetof(struct rvt_regs, direct) == 11 * sizeof(long),
	       "struct rvt_regs must match arch/riscv/caller.S");
#ifdef RVT_REGS_FP
_Static_assert(offsetof(struct rvt_regs, fa) == 12 * sizeof(long) &&
	       sizeof(struct rvt_regs) ==
		       12 * sizeof(long) + 8 * sizeof(rvt_freg_t) &&
	       sizeof(struct rvt_regs) % 16 == 0,
	       "struct rvt_regs must match arch/riscv/caller.S");
#endif

struct rvt_ops rvt_stub_ops;
struct rvt_ops rvt_list_ops;

_Static_assert(offsetof(struct rvt_core, missing) == RVT_CORE_MISSING &&
	       offsetof(struct rvt_core, fast_dest) == RVT_CORE_FAST_DEST &&
	       offsetof(struct rvt_core, nr_harts) == RVT_CORE_NR_HARTS &&
	       offsetof(struct rvt_core, dest) == RVT_CORE_DEST &&
	       offsetof(struct rvt_core, guards) == RVT_CORE_GUARDS &&
	       sizeof(struct rvt_guard_ref) == 1 << RVT_GUARD_SHIFT &&
	       offsetof(struct rvt_guard, busy) == 0 &&
	       offsetof(struct rvt_guard, owed) == RVT_GUARD_OWED &&
	       RVT_GUARD_PINNED == 1u << 31,
	       "the assembly's layout (asm_layout.h)");
_Static_assert(offsetof(struct rvt_ops, func) == RVT_OPS_FUNC &&
	       offsetof(struct rvt_ops, flags) == RVT_OPS_FLAGS &&
	       offsetof(struct rvt_ops, filter_len) == RVT_OPS_FILTER_LEN &&
	       offsetof(struct rvt_ops, notrace_len) == RVT_OPS_NOTRACE_LEN &&
	       offsetof(struct rvt_ops, core.direct) == RVT_OPS_DIRECT &&
	       offsetof(struct rvt_ops, core.call) == RVT_OPS_CALL &&
	       RVT_OPS_FL_DIRECT == RVT_OPS_DIRECT_FLAG,
	       "the assembly's layout (asm_layout.h)");

/* Hooks that decide where the function continues run even when re-entered. */
#define ALWAYS_RUN	(RVT_OPS_FL_RECURSION | RVT_OPS_FL_IPMODIFY | \
			 RVT_OPS_FL_DIRECT)
_Static_assert(ALWAYS_RUN == RVT_OPS_ALWAYS_RUN, "asm_layout.h");

/* The trampoline is read first: after the call nothing of ops is needed. */
static void call_one(struct rvt_ops *ops, unsigned long ip,
		     struct rvt_regs *regs)
{
	if (ops->flags & RVT_OPS_FL_DIRECT)
		regs->direct = RVT_READ_ONCE(ops->core.direct);
	if (ops->func)
		ops->func(ip, regs->ra, ops, regs);
}

/*
 * A hook of the list whose core.call says it needs no look first (no
 * DIRECT trampoline, no list that could leave out ip) is called at once,
 * unless re-entered; with the ops slot core.call does not say the latter.
 * A hook is linked by a release store once it is filled in; every read of
 * it here depends on the address just loaded, which orders it after that
 * load (RVWMO keeps address dependencies, as every architecture but Alpha
 * does), so the links need no acquire fence.
 */
static void walk(unsigned long ip, struct rvt_regs *regs, bool reentered)
{
	struct rvt_ops *ops;
	rvt_func_t call;

	for (ops = RVT_READ_ONCE(rvt_core.ops_list); ops;
	     ops = RVT_READ_ONCE(ops->core.next)) {
		call = reentered || RVT_HAS_SLOT ? NULL :
			(rvt_func_t)RVT_READ_ONCE(ops->core.call);
		if (call)
			call(ip, regs->ra, ops, regs);
		else if ((!reentered || (ops->flags & ALWAYS_RUN)) &&
			 rvt_ops_applies(ops, ip))
			call_one(ops, ip, regs);
	}
}

/*
 * The hooks to run at ip, or NULL with *fast set: the slot changed to a fast
 * entry after the trampoline had read it, so continue there as DIRECT.
 */
static struct rvt_ops *destination(unsigned long ip, unsigned long *fast)
{
#ifdef RVT_CALL_OPS
	unsigned long slot = __atomic_load_n((unsigned long *)(ip -
							       RVT_SLOT_BYTES),
					     __ATOMIC_ACQUIRE);

	if (slot & RVT_SLOT_FAST) {
		*fast = slot & ~RVT_SLOT_FAST;
		return NULL;
	}
	return (struct rvt_ops *)slot;
#else
	(void)fast;
	(void)ip;
	return __atomic_load_n(&rvt_core.dest, __ATOMIC_ACQUIRE);
#endif
}

/*
 * Whether the lone hook the destination names applies to ip. An ops slot
 * only ever names a hook of its own function. The shared destination may
 * not: a hart that took a site's jalr just before it was switched off can
 * get here after the destination narrowed to a hook for other functions.
 */
static bool lone_hook_applies(const struct rvt_ops *ops, unsigned long ip)
{
#ifdef RVT_CALL_OPS
	(void)ops;
	(void)ip;
	return true;
#else
	return rvt_ops_applies(ops, ip);
#endif
}

/* The walker as the trampoline calls it straight: only when not re-entered. */
void rvt_walk_called(unsigned long ip, unsigned long parent_ip,
		     struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)parent_ip;
	(void)ops;
	walk(ip, regs, false);
}

void rvt_dispatch_reset(void)
{
	rvt_zero(&rvt_stub_ops, sizeof(rvt_stub_ops));
	rvt_zero(&rvt_list_ops, sizeof(rvt_list_ops));
	rvt_list_ops.core.call = (unsigned long)rvt_walk_straight;
}

void rvt_dispatch_hooks(struct rvt_regs *regs, struct rvt_ops *ops,
			bool reentered)
{
	unsigned long ip = regs->ip - RVT_SITE_BYTES;

	if (ops == &rvt_list_ops)
		walk(ip, regs, reentered);
	else if ((!reentered || (ops->flags & ALWAYS_RUN)) &&
		 lone_hook_applies(ops, ip))
		call_one(ops, ip, regs);
}

/* A caller on a pinned guard: counted in around the call (hart.c). */
static void run_shared(struct rvt_regs *regs)
{
	unsigned long ip = regs->ip - RVT_SITE_BYTES;
	struct rvt_ops *ops;

	__atomic_fetch_add(&rvt_core.shared_inside, 1, __ATOMIC_RELAXED);
	rvt_mb();
	ops = destination(ip, &regs->direct);
	if (ops)
		rvt_dispatch_hooks(regs, ops, true);
	__atomic_fetch_sub(&rvt_core.shared_inside, 1, __ATOMIC_RELEASE);
}

/*
 * The hooks for the caller on hart index, whose re-entry guard is g. Inline
 * twice: on a platform where mhartid is the number, and with the
 * platform's hart_index called, so that the common case calls nothing but
 * the hooks.
 */
static inline __attribute__((always_inline)) void
run_hooks(struct rvt_regs *regs, unsigned int index, struct rvt_guard_ref g)
{
	unsigned long ip = regs->ip - RVT_SITE_BYTES;
	unsigned int bit = g.bit, was;
	struct rvt_ops *ops;

	/*
	 * A hart that is not online takes no part in rounds, so it may run any
	 * word a site ever held: whatever brought it here, it goes straight
	 * back to the function. With none missing, this one is online.
	 */
	if (RVT_READ_ONCE(rvt_core.missing) && !rvt_hart_is_online(index))
		return;
	if (bit & RVT_GUARD_PINNED) {
		run_shared(regs);
		return;
	}
	/*
	 * The guard set before anything is read that a patcher may remove:
	 * the round's IPI handler on this hart then sees the call inside
	 * (hart.c, the grace period). Program order is all it takes, so the
	 * compiler must keep it.
	 */
	was = RVT_READ_ONCE(g.g->busy);
	RVT_WRITE_ONCE(g.g->busy, was | bit);
	rvt_barrier();
	ops = destination(ip, &regs->direct);
	if (ops)
		rvt_dispatch_hooks(regs, ops, was & bit);
	rvt_barrier();
	/*
	 * As it was: an interrupt at another level has set and cleared its
	 * own bit by now, and a task's guard is its own.
	 */
	RVT_WRITE_ONCE(g.g->busy, was);
	rvt_barrier();
	if (RVT_READ_ONCE(g.g->owed))
		rvt_quiesce_report(g.g);
}

static __attribute__((noinline)) void dispatch_called(struct rvt_regs *regs)
{
	struct rvt_guard_ref g;
	struct rvt_ctx c;

	if (rvt_ctx_lookup(&c, rvt_core.hart_index)) {
		g.g = rvt_ctx_guard(&c, &g.bit);
		run_hooks(regs, c.index, g);
	}
}

void rvt_dispatch(struct rvt_regs *regs)
{
	struct rvt_guard_ref g;
	unsigned long mie;
	unsigned int i;

	if (!(rvt_core.fast & RVT_PLAT_FAST_MHARTID)) {
		dispatch_called(regs);
		return;
	}
	/*
	 * M-mode: masked, the hart read is the one whose guard is read (its
	 * context cannot change meanwhile). Once read, the guard is the
	 * caller's wherever it runs: a task's moves with it, and the hart's
	 * own contexts do not move.
	 */
	mie = rvt_m_irq_save();
	i = rvt_csr_mhartid();
	if (i >= rvt_core.nr_harts) {
		rvt_m_irq_restore(mie);
		return;
	}
	g = rvt_core.guards[i];
	rvt_m_irq_restore(mie);
	run_hooks(regs, i, g);
}
