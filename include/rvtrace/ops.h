/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hooks: a function called on entry to every traced function it applies to.
 */
#ifndef RVTRACE_OPS_H
#define RVTRACE_OPS_H

#include <stddef.h>

struct rvt_ops;
struct rvt_regs;

/*
 * ip is the traced function's address (what &f gives), parent_ip its caller's
 * return address.
 */
typedef void (*rvt_func_t)(unsigned long ip, unsigned long parent_ip,
			   struct rvt_ops *ops, struct rvt_regs *regs);

enum rvt_ops_cmd {
	RVT_OPS_CMD_ENABLE_SHARE_IPMODIFY,
	RVT_OPS_CMD_DISABLE_SHARE_IPMODIFY,
};

/*
 * The core's requests to a DIRECT hook. Return 0 to agree, or a negative
 * RVT_E* code to refuse. It runs with rvtrace's patch lock held: it must not
 * call rvt_register() or any other call that changes hooks.
 */
typedef int (*rvt_ops_func_t)(struct rvt_ops *ops, enum rvt_ops_cmd cmd);

/* Set by the core while the hook is registered. */
#define RVT_OPS_FL_ENABLED		(1UL << 0)
/* The hook may move execution elsewhere with rvt_regs_set_ip(). */
#define RVT_OPS_FL_IPMODIFY		(1UL << 1)
/* The site continues into the hook's own trampoline. */
#define RVT_OPS_FL_DIRECT		(1UL << 2)
/* DIRECT only: the trampoline continues where an IPMODIFY hook chose. */
#define RVT_OPS_FL_SHARE_IPMODIFY	(1UL << 3)
/* The hook copes with re-entry on one hart; otherwise the core prevents it. */
#define RVT_OPS_FL_RECURSION		(1UL << 4)

/* Belongs to the core: zero it before the first registration, then leave it. */
struct rvt_ops_private {
	struct rvt_ops *next;		/* registration order */
	unsigned long direct;		/* DIRECT trampoline */
	unsigned long shared;		/* SHARE_IPMODIFY granted through ops_func */
	unsigned long draining;		/* grace periods owed after a timeout */
	unsigned long fast;		/* entry with the DIRECT contract that
					   does all the hook does; 0: none */
	unsigned long call;		/* func, where the trampoline calls it
					   without a further look; 0: not */
};

struct rvt_ops {
	rvt_func_t func;		/* may be NULL for a DIRECT-only hook */
	unsigned long flags;		/* RVT_OPS_FL_* */
	rvt_ops_func_t ops_func;	/* may be NULL */
	void *private;
	const void *const *filter;	/* functions it applies to; NULL or 0: all */
	size_t filter_len;
	const void *const *notrace;	/* functions it never applies to */
	size_t notrace_len;
	struct rvt_ops_private core;
};

/*
 * Switch ops on for the functions it applies to, in one batch. Returns 0, or
 * RVT_EPERM (before rvt_init(), from a hart that is not online, or a text
 * write failed), RVT_EINVAL (NULL or misaligned pointer, unknown or
 * conflicting flags, RVT_OPS_FL_ENABLED set by the caller, a misaligned
 * filter or notrace array, or a filter or notrace length without an array),
 * RVT_ENOENT (a filter or notrace entry has no site: rvt_bad_entry() says
 * which), RVT_EBUSY (already
 * registered, called from inside a hook, or another IPMODIFY hook owns one
 * of the functions), RVT_ENOSPC (a function has the most hooks a site can
 * count), RVT_ETIMEDOUT (a hart did not acknowledge the synchronisation
 * round within the platform's sync_timeout_us), or what a DIRECT hook's
 * ops_func answered when asked to share a function with this IPMODIFY hook.
 * A failed call changes nothing: every site, slot, count and flag is as
 * before (after RVT_ETIMEDOUT, a hart that did not answer may hold the
 * words of the attempt until its next fence.i; that is counted by
 * rvt_sync_failures()). After RVT_ETIMEDOUT, harts may have entered ops
 * meanwhile: reuse its memory only after rvt_synchronize() returns 0.
 *
 * RVT_EBUSY "from inside a hook" means the calling context itself: a call
 * from a hook would wait for itself to leave. Other tasks preempted inside
 * a hook, on any hart, are waited for (rvt_unregister()). RVT_EDEADLK from
 * an interrupt handler bracketed by rvt_irq_enter()/rvt_irq_exit(), from an
 * ops_func (it runs with the patch lock held), and from a task of the hart
 * whose task holds the lock when the platform has no yield. The lock's wait
 * ends in RVT_ETIMEDOUT after eight sync timeouts; nothing changed then.
 */
int rvt_register(struct rvt_ops *ops);

/*
 * Switch ops off. Returns 0 only when no caller can still be running
 * ops->func: no hart and no task, the calling hart's preempted tasks and
 * tasks that moved to another hart included, so the caller may then reuse
 * the memory of ops (a hook that never returns holds this up). The wait for
 * them calls the platform's yield, so a lower-priority task preempted in
 * the hook can run on. RVT_ENOENT if ops is not registered, RVT_EINVAL for
 * a DIRECT hook (use rvt_unregister_direct()); otherwise the errors of
 * rvt_register(), and a failed call leaves ops registered as before, with
 * one exception: RVT_ETIMEDOUT from the wait for callers (after the
 * platform's sync timeout) comes after the switch. ops is then
 * unregistered (RVT_OPS_FL_ENABLED clear, no site calls it), but its
 * memory may still be in use: reuse it only after rvt_synchronize()
 * returns 0. Registering it again before that runs that grace period
 * first, and is RVT_EBUSY if it does not end: a caller still walking
 * through it would lose the rest of the hook list.
 */
int rvt_unregister(struct rvt_ops *ops);

/*
 * DIRECT: calls of the functions ops applies to continue into tramp instead
 * of the function. The trampoline is entered with t0 = where the function
 * continues (its address + 8, or the IPMODIFY hook's choice when it shares
 * the function), ra = the function's return address and the arguments in
 * a0-a7; it may use t1 and t3-t6, preserves everything else, and ends with
 * "jr t0". ops->func, if set, runs first like any hook. At most one DIRECT
 * hook per function (RVT_EBUSY). Without RVT_OPS_FL_IPMODIFY or
 * RVT_OPS_FL_SHARE_IPMODIFY, RVT_EAGAIN where an IPMODIFY hook is already:
 * set RVT_OPS_FL_SHARE_IPMODIFY (the trampoline must then continue at t0)
 * and retry. tramp must be an instruction address (RVT_EINVAL). The
 * trampoline is reached by an indirect jump, so it may be anywhere: there is
 * no range to check.
 */
int rvt_register_direct(struct rvt_ops *ops, unsigned long tramp);

/*
 * Switch a DIRECT hook to another trampoline. Every call that starts after
 * this returns enters the new one; a call goes through the old or the new,
 * never neither. A hart may still be running the old trampoline when this
 * returns, so keep it in place. RVT_ENOENT if ops is not registered,
 * RVT_EINVAL if it is no DIRECT hook or tramp no instruction address,
 * RVT_ETIMEDOUT (the old trampoline is back, keep both in place).
 */
int rvt_modify_direct(struct rvt_ops *ops, unsigned long tramp);

/*
 * Switch a DIRECT hook off, as rvt_unregister() does for other hooks. The
 * memory of ops may then be reused, but not the trampoline: a call that had
 * read it before may still enter it after this returns (the trampoline runs
 * outside rvtrace's bookkeeping, test/model/hooks.pml), so keep its code in
 * place.
 */
int rvt_unregister_direct(struct rvt_ops *ops);

/*
 * Wait until no hart and no task can still be running a hook removed before
 * this call (like synchronize_rcu()). For a hook whose rvt_unregister() or
 * rvt_register() returned RVT_ETIMEDOUT: 0 means its memory may be reused.
 * RVT_ETIMEDOUT after the platform's sync timeout; try again later. The
 * other errors are those of rvt_register() before it changes anything.
 */
int rvt_synchronize(void);

/*
 * After a registration (or a tracer's or the profiler's start) refused with
 * RVT_ENOENT because an entry of the filter or notrace array names no
 * usable site: that entry's index, with *func its value and *in_notrace 1
 * if it was in the notrace array (either pointer may be NULL). RVT_ENOENT if
 * the last registration was not refused that way. Not kept per hook: read
 * it right after the refused call.
 */
int rvt_bad_entry(const void **func, int *in_notrace);

#endif
