/* SPDX-License-Identifier: BSD-2-Clause */
/* State and helpers shared by the files of lib/; nothing here is public. */
#ifndef RVT_LIB_INTERNAL_H
#define RVT_LIB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rvtrace/rvtrace.h>

#include "asm_layout.h"
#include "barrier.h"
#include "csr.h"

/*
 * The library's own symbols are reached PC-relative, not through the GOT:
 * -fvisibility=hidden covers definitions only, these are declarations.
 */
#pragma GCC visibility push(hidden)


#define RVT_LONG_BITS	(8 * sizeof(unsigned long))
#define RVT_MASK_WORDS	((RVT_MAX_HARTS + RVT_LONG_BITS - 1) / RVT_LONG_BITS)

/* auipc + (nop | jalr) at the function's address. */
#define RVT_SITE_BYTES	8
/* With -fpatchable-function-entry=N,M the ops slot fills the 8 bytes before f. */
#define RVT_SLOT_BYTES	RVT_AL_SLOT_BYTES
#define RVT_HAS_SLOT	(RVT_SLOT_BYTES != 0)

/*
 * Per-site state, two bytes placed by linker/rvtrace.ld: how many registered
 * hooks apply, plus which kinds own the function.
 */
typedef uint16_t rvt_site_state_t;
#define RVT_SITE_USERS		0x0fffu	/* hooks applying; also the hook limit */
#define RVT_SITE_IPMODIFY	0x1000u
#define RVT_SITE_DIRECT		0x2000u
#define RVT_SITE_MARK		0x8000u	/* scratch: which sites a batch selects */

/*
 * Per-hart bookkeeping, on its own cache line.
 *
 * guard has a bit per irq level (bit 0: the hart's own thread level), set
 * while that level runs hooks. Only the hart writes it, and its interrupt
 * handler sees it exactly, which is all the grace period needs of it
 * (rvt_wait_quiescent()). epoch is the quiescence epoch the hart last
 * took from a round.
 */
struct rvt_hart {
	unsigned long switches;	/* rvt_task_switch() calls on this hart */
	struct rvt_task *task;	/* the task at thread level; NULL: none */
	unsigned int irq_level;	/* rvt_irq_enter() nesting */
	struct rvt_guard guard;
	unsigned long epoch;
	unsigned long ipi_req;	/* sync round asked of this hart */
	unsigned long ipi_ack;	/* sync round this hart has done */
	unsigned long ipi_missed; /* a round was answered for it: fence.i owed */
} __attribute__((aligned(64)));

#define RVT_IRQ_LEVELS	(8 * sizeof(unsigned int))

/*
 * A context's re-entry guard: its bit of a guard (rvt_ctx_guard()). With
 * RVT_GUARD_PINNED in bit, the guard is shared by several tasks at once
 * (an RTOS pool's spare): the context is always re-entered, and counts
 * itself in rvt_core.shared_inside instead.
 */
struct rvt_guard_ref {
	struct rvt_guard *g;
	unsigned int bit;
};
#define RVT_GUARD_PINNED	0x80000000u

/*
 * A calling context: an interrupt level of a hart, the hart's own thread
 * level, or the task that runs there. Each has its own re-entry guard.
 */
struct rvt_ctx {
	struct rvt_hart *hart;
	unsigned int index;	/* of hart in rvt_core.harts */
	struct rvt_task *task;	/* at thread level only; NULL: the hart's own */
	unsigned int level;	/* irq level, capped at RVT_IRQ_LEVELS - 1 */
};

/* A bounded wait in progress (rvt_wait_step()). */
struct rvt_deadline {
	uint64_t start;
	bool started;
	unsigned int scale;	/* the timeout is 1 << scale sync timeouts */
};

struct rvt_core {
	/*
	 * First, for the assembly (asm_layout.h): what the trampoline reads,
	 * on one line. A hart that is not online must not enter a fast
	 * entry, and the trampoline cannot afford to find out which hart it
	 * runs on before it does: fast_dest is 0 while missing is not, so
	 * that one load decides (rvt_fast_dest_update(), under the patch
	 * lock). The one exception is the hart going offline, between its
	 * count and the update, masked and in rvtrace: the one hart missing
	 * then runs nothing that could take it. With the ops slot, whose bit
	 * cannot follow missing, the trampoline reads missing first.
	 */
	unsigned long missing;		/* harts of the platform not online */
	unsigned long fast_dest;	/* the fast entry of the one registered
					   hook when it applies to every site,
					   only while every hart is online
					   (0 too while the last one's coming
					   online is being settled); shared
					   destination only: with the ops
					   slot each slot says it,
					   rvt_slot_word() */
	unsigned int nr_harts;
	unsigned int fast;		/* RVT_PLAT_FAST_* */
	struct rvt_ops *dest;		/* what the trampoline calls */
	/*
	 * The guard of what each hart runs now (rvt_hart_follow()), for the
	 * trampoline on a platform where mhartid is the number: read with
	 * interrupts masked, it needs no look-up that guards against a task
	 * moving meanwhile. A task's guard moves with it. On a line of its
	 * own (rewritten at every switch), as is each hart's bookkeeping.
	 */
	struct rvt_guard_ref guards[RVT_MAX_HARTS] __attribute__((aligned(64)));
	struct rvt_hart harts[RVT_MAX_HARTS];

	const struct rvt_platform *plat;
	unsigned long caller;		/* the trampoline the sites call */
	unsigned int (*hart_index)(void);
	unsigned long *sites;		/* function addresses, ascending */
	rvt_site_state_t *state;	/* one per entry of sites */
	int nr_sites;			/* usable sites */
	int nr_refused;			/* refused entries, after the usable ones */
	struct rvt_ops *ops_list;	/* registered hooks, in order */
	unsigned long online[RVT_MASK_WORDS];
	unsigned long sync_seq;
	unsigned long sync_failures;	/* rvt_sync_failures() */
	unsigned long undo_failures;	/* rvt_undo_failures() */
	unsigned long grace_periods;	/* rvt_wait_quiescent() calls that ended */
	/* The grace period (rvt_wait_quiescent()). */
	unsigned long qepoch;		/* quiescence epoch */
	unsigned long owed[2];		/* contexts owing a report, by parity */
	unsigned long shared_inside;	/* callers on a pinned guard */
	uint64_t sync_limit;		/* round timeout, us x Hz; 0: none */
	unsigned int sync_shift;	/* clock ticks >> this, for sync_limit */
	int lock;
	unsigned long lock_owner;	/* the holding context (lock_id()) */
	unsigned int lock_hart;		/* the holder's hart + 1 */
	/* The last hart came online: fast_dest to be set under the lock. */
	int fast_owed;
};

extern struct rvt_core rvt_core;
extern struct rvt_ops rvt_stub_ops;

/*
 * A tracer's static pool: bytes (its RVTRACE_*_POOL) as an array of type.
 * Built with 0 it takes no RAM and RVT_POOL_AT() is NULL: firmware that
 * gives every start a buffer of its own.
 */
#define RVT_POOL(name, type, bytes)	static type name[(bytes) / sizeof(type)]
#define RVT_POOL_AT(name)		(sizeof(name) ? (name) : NULL)

/* The function of site index (a usable one). */
static inline unsigned long rvt_site_addr(int index)
{
	return rvt_core.sites[index] + RVT_SLOT_BYTES;
}
extern struct rvt_ops rvt_list_ops;

/* A hart's bit in its word of a hart mask (rvt_core.online). */
static inline unsigned long rvt_hart_bit(unsigned int hart)
{
	return 1UL << (hart % RVT_LONG_BITS);
}

/* The calling hart's number, read inline where the platform allows. */
static inline unsigned int rvt_hart_now(void)
{
	if (rvt_core.fast & RVT_PLAT_FAST_MHARTID)
		return rvt_csr_mhartid();
	return rvt_core.hart_index();
}

/* Whether hart is online (rvt_hart_online(), not yet offline). */
static inline bool rvt_hart_is_online(unsigned int hart)
{
	return RVT_READ_ONCE(rvt_core.online[hart / RVT_LONG_BITS]) &
	       rvt_hart_bit(hart);
}

/* The context that hart i (h) runs now, read from h without a check. */
static inline void rvt_ctx_at(struct rvt_ctx *c, struct rvt_hart *h,
			      unsigned int i)
{
	unsigned int level = RVT_READ_ONCE(h->irq_level);

	c->hart = h;
	c->index = i;
	c->task = level ? NULL : RVT_READ_ONCE(h->task);
	c->level = level < RVT_IRQ_LEVELS ? level : RVT_IRQ_LEVELS - 1;
}

/*
 * The calling context, with hart_now() giving the hart's number. A task may
 * move to another hart between any two instructions, and the hart's task
 * then changes under us; every switch counts on the hart it leaves, so an
 * unchanged count on the same hart after the look-up means it described
 * the caller. False on a hart that is not in the platform.
 */
static inline __attribute__((always_inline)) bool
rvt_ctx_lookup(struct rvt_ctx *c, unsigned int (*hart_now)(void))
{
	for (;;) {
		unsigned int i = hart_now();
		struct rvt_hart *h;
		unsigned long sw;

		if (i >= rvt_core.nr_harts)
			return false;
		h = &rvt_core.harts[i];
		sw = RVT_READ_ONCE(h->switches);
		/* The compiler keeps the three reads in this order. */
		rvt_barrier();
		rvt_ctx_at(c, h, i);
		rvt_barrier();
		if (__builtin_expect(hart_now() == i &&
				     RVT_READ_ONCE(h->switches) == sw, 1))
			return true;
	}
}

/* hart.c: rvt_ctx_lookup() through the platform's hart_index. */
bool rvt_this_ctx_called(struct rvt_ctx *c);

/* Inline where mhartid is the number: the trampoline looks up every call. */
static inline bool rvt_this_ctx(struct rvt_ctx *c)
{
	if (rvt_core.fast & RVT_PLAT_FAST_MHARTID)
		return rvt_ctx_lookup(c, rvt_csr_mhartid);
	return rvt_this_ctx_called(c);
}

/*
 * The context's re-entry guard: a task's goes with the task, so it stays
 * right when the task moves; the hart's own levels share one, a bit each
 * (an interrupt sets and clears its bit before it returns, so the
 * interrupted level's plain read-modify-write loses nothing).
 */
static inline struct rvt_guard *rvt_ctx_guard(const struct rvt_ctx *c,
					      unsigned int *bit)
{
	if (c->task) {
		*bit = 1 | (c->task->guard.busy & RVT_GUARD_PINNED);
		return &c->task->guard;
	}
	*bit = 1u << c->level;
	return &c->hart->guard;
}

/*
 * Whether ops applies to every function: neither filter nor notrace
 * (registration refuses a length without its array).
 */
static inline bool rvt_ops_everywhere(const struct rvt_ops *ops)
{
	return !(ops->filter_len | ops->notrace_len);
}

/* Whether ops applies to the function at ip; without a call if everywhere. */
bool rvt_ops_listed(const struct rvt_ops *ops, unsigned long ip);
static inline bool rvt_ops_applies(const struct rvt_ops *ops, unsigned long ip)
{
	return rvt_ops_everywhere(ops) || rvt_ops_listed(ops, ip);
}

/*
 * What the ops slot of a site holds for the hook that runs there (the
 * walker, the stub, or its one hook): a hook with a fast entry is named by
 * that entry with bit 0 set, which the trampoline jumps to at once (jalr
 * ignores bit 0; struct rvt_ops is aligned, so a pointer never has it).
 */
#define RVT_SLOT_FAST	1UL

static inline unsigned long rvt_slot_word(const struct rvt_ops *ops)
{
	return ops->core.fast ? ops->core.fast | RVT_SLOT_FAST :
				(unsigned long)ops;
}

/* The platform clock through its pointer, or 0 without one. */
static inline uint64_t rvt_clock_called(void)
{
	return rvt_core.plat->clock ? rvt_core.plat->clock() : 0;
}

/* The platform clock, read inline where the platform allows. */
static inline uint64_t rvt_now(void)
{
	if (rvt_core.fast & RVT_PLAT_FAST_TIME)
		return rvt_csr_time();
	return rvt_clock_called();
}

/* The trampoline (arch/riscv/caller.S), rvt_core.caller one of them. */
void rvt_caller(void);
void rvt_caller_mhartid(void);
void rvt_dispatch(struct rvt_regs *regs);
/*
 * The walker as rvt_caller_mhartid() calls a hook straight (rvt_list_ops'
 * core.call): rvt_walk_straight() (caller.S) clears regs->direct, calls
 * rvt_walk_called(), and if a hook of the list asked for its DIRECT
 * trampoline leaves by the exit that enters it.
 */
void rvt_walk_straight(void);
void rvt_walk_called(unsigned long ip, unsigned long parent_ip,
		     struct rvt_ops *ops, struct rvt_regs *regs);
/* rvt_init(): the stub and the walker as the trampoline finds them. */
void rvt_dispatch_reset(void);

/* init.c: zero memory without a call to memset (the library has no libc). */
void rvt_zero(void *p, size_t n);

/* hart.c */
bool rvt_ready(void);
struct rvt_hart *rvt_this_hart(void);
int rvt_lock(void);
void rvt_unlock(void);
void rvt_mark_online(unsigned int hart);
/*
 * What hart (an index) runs changed: a switch, an irq level. Called by the
 * hart itself, and by rvt_init() for every hart.
 */
void rvt_hart_follow(unsigned int hart);
int rvt_sync(bool text, bool data);
/*
 * A data round that every other hart answered itself, for a caller that
 * needs each to have left what it read before: RVT_ETIMEDOUT also when a
 * hart was answered for (its IPI could not be sent). Under the lock.
 */
int rvt_sync_answered(void);
int rvt_sync_grace(bool text, int *grace);
int rvt_wait_quiescent(void);
/* A task switched out on h; inside a hook, it owes the epoch h is in. */
void rvt_quiesce_park(struct rvt_hart *h, struct rvt_task *t);
/* The exit of a call on g, once g->busy is restored, if g->owed is set. */
void rvt_quiesce_report(struct rvt_guard *g);
/* A task that will never run again (its RTOS record released). */
void rvt_quiesce_forget(struct rvt_guard *g);

/*
 * What rvt_dispatch() runs once the caller's guard is set (reentered: it
 * was set already): the walk, or the one hook if it applies
 * at the site. The trampoline calls it for what it does not run itself.
 */
void rvt_dispatch_hooks(struct rvt_regs *regs, struct rvt_ops *ops,
			bool reentered);

/*
 * frame.c: len bytes, which body hands to the framer's write and wctx, as
 * one text frame through write; the text bytes, or RVT_E*.
 */
int rvt_frame_text(size_t len,
		   int (*body)(const void *arg, rvt_write_fn write, void *wctx),
		   const void *arg, rvt_write_fn write, void *ctx);
bool rvt_wait_step(struct rvt_deadline *d);

/* site.c */
int rvt_sites_arm(void);
int rvt_site_write(int index, bool on, struct rvt_ops *slot);
/*
 * The batch of ops.c: add delta (1 or -1) to the hook count of every site
 * selected (its RVT_SITE_MARK bit equal to sel) and switch it by its new
 * count, with its slot from slot_of(). Returns 0, or the RVT_E* of the site
 * whose write failed, with *last the last site to put back (RVT_EFAULT:
 * refused before any write, its count left as it was, so the one before
 * it). *text: whether an instruction changed.
 */
int rvt_sites_apply(int delta, rvt_site_state_t sel,
		    struct rvt_ops *(*slot_of)(int index), bool *text,
		    int *last);
/*
 * After the batch's round, on a platform with RVT_PLAT_QUIRK_REFETCH: store
 * once more the word of every selected site that switched.
 */
void rvt_sites_settle(int delta, rvt_site_state_t sel);

/* ops.c */
int rvt_unregister_again(struct rvt_ops *ops);
/* Under the patch lock: fast_dest for the destination and the harts now. */
void rvt_fast_dest_update(void);

/*
 * names.c: the embedded names table as the image holds it (section
 * .rvtrace.names), for the dumps to carry: its bytes, from *at; 0 (and
 * *at NULL) when the image has none or its header is not a table's.
 */
size_t rvt_names_image(const void **at);

#pragma GCC visibility pop

#endif
