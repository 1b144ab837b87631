// SPDX-License-Identifier: BSD-2-Clause
/*
 * Harts: the online set, the calling context, the patch lock, the
 * synchronisation round of DESIGN.md section 3 and the wait for callers to
 * leave a removed hook.
 */
#include "internal.h"
#include "ring.h"

struct rvt_hart *rvt_this_hart(void)
{
	unsigned int i = rvt_hart_now();

	return i < rvt_core.nr_harts ? &rvt_core.harts[i] : NULL;
}

bool rvt_this_ctx_called(struct rvt_ctx *c)
{
	return rvt_ctx_lookup(c, rvt_core.hart_index);
}

/*
 * The last hart to come online opens the fast entries (fast_dest), which
 * only the patch lock's holder writes: with the lock free it takes the
 * lock for that, else the holder does it as it lets go. Both sides write
 * first and read the other's word after a fence, so one of them sees the
 * other (test/model/fast_gate.pml). Interrupts stay masked while it holds
 * the lock: nothing on this hart may wait for it meanwhile.
 */
static void fast_dest_settle(void)
{
	unsigned long flags;

	while (RVT_READ_ONCE(rvt_core.fast_owed)) {
		flags = rvt_core.plat->irq_save();
		if (__atomic_exchange_n(&rvt_core.lock, 1, __ATOMIC_ACQUIRE)) {
			rvt_core.plat->irq_restore(flags);
			return;		/* its holder settles it */
		}
		/*
		 * The exchange reads the latest set, released after its drop
		 * of missing to 0: with the acquire, missing is read after it.
		 */
		if (__atomic_exchange_n(&rvt_core.fast_owed, 0,
					__ATOMIC_ACQUIRE))
			rvt_fast_dest_update();
		__atomic_store_n(&rvt_core.lock, 0, __ATOMIC_RELEASE);
		rvt_core.plat->irq_restore(flags);
		rvt_mb();
	}
}

void rvt_mark_online(unsigned int hart)
{
	unsigned long was = __atomic_fetch_or(&rvt_core.online[hart /
							       RVT_LONG_BITS],
					      rvt_hart_bit(hart),
					      __ATOMIC_RELAXED);

	unsigned long flags;

	if (!(was & rvt_hart_bit(hart)) &&
	    __atomic_sub_fetch(&rvt_core.missing, 1, __ATOMIC_RELAXED) == 0)
		__atomic_store_n(&rvt_core.fast_owed, 1, __ATOMIC_RELEASE);
	/*
	 * Pairs with the patcher's fence before it reads the online set, and
	 * with rvt_unlock()'s: the lock is free to take here, or its holder
	 * sees fast_owed once it lets go.
	 */
	rvt_mb();
	fast_dest_settle();
	rvt_fence_i();
	/*
	 * Rounds left the hart out while it was offline: it takes the epoch
	 * now (a patcher that moved it since has seen the hart online, by the
	 * fence above, and sends it the round). Nothing of it is inside.
	 */
	flags = rvt_core.plat->irq_save();
	rvt_core.harts[hart].epoch = RVT_READ_ONCE(rvt_core.qepoch);
	rvt_core.plat->irq_restore(flags);
}

void rvt_hart_online(void)
{
	unsigned int hart;

	if (!rvt_ready())
		return;
	hart = rvt_hart_now();
	if (hart < rvt_core.nr_harts)
		rvt_mark_online(hart);
}

int rvt_hart_offline(void)
{
	unsigned long was, flags;
	struct rvt_hart *h;
	unsigned int hart;
	int ret;

	if (!rvt_ready())
		return RVT_EPERM;
	hart = rvt_hart_now();
	if (hart >= rvt_core.nr_harts)
		return RVT_EINVAL;
	/* An interrupt handler: it may have interrupted a call on its way in. */
	if (RVT_READ_ONCE(rvt_core.harts[hart].irq_level))
		return RVT_EDEADLK;
	/* Under the lock, so no round in progress still waits for this hart. */
	ret = rvt_lock();
	if (ret)
		return ret;
	/*
	 * Rounds leave an offline hart out, and only a round finds what its
	 * contexts are inside (the grace period): not while one is.
	 */
	flags = rvt_core.plat->irq_save();
	h = &rvt_core.harts[hart];
	if ((h->guard.busy & ~RVT_GUARD_PINNED) ||
	    (h->task && (h->task->guard.busy & ~RVT_GUARD_PINNED))) {
		ret = RVT_EBUSY;
	} else {
		was = __atomic_fetch_and(&rvt_core.online[hart / RVT_LONG_BITS],
					 ~rvt_hart_bit(hart), __ATOMIC_RELAXED);
		/* No fast entry any more, on this hart least of all. */
		if (was & rvt_hart_bit(hart)) {
			__atomic_fetch_add(&rvt_core.missing, 1,
					   __ATOMIC_RELAXED);
			rvt_fast_dest_update();
		}
	}
	rvt_core.plat->irq_restore(flags);
	rvt_unlock();
	return ret;
}

/*
 * Acknowledgements only move forward: the hart and a patcher answering for
 * it (ipi_wait(), a failed send_ipi) may both store one, and a plain store of
 * an older round still in the hart's store buffer could land after the
 * patcher's newer one. An atomic maximum keeps them in one order.
 */
static void ack_at_least(unsigned long *ack, unsigned long seq)
{
	unsigned long old = RVT_READ_ONCE(*ack);

	while ((long)(seq - old) > 0 &&
	       !__atomic_compare_exchange_n(ack, &old, seq, false,
					    __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		;
}

/* Whether the last round answered for a hart: its contexts are unmarked. */
static bool round_answered;

/* A patcher gave up waiting for hart h and answered its round for it. */
static void answer_for(unsigned int h, unsigned long seq)
{
	struct rvt_hart *hart = &rvt_core.harts[h];

	round_answered = true;
	/* Before the answer: a handler that sees the answer sees this. */
	RVT_WRITE_ONCE(hart->ipi_missed, 1);
	rvt_wmb();
	ack_at_least(&hart->ipi_ack, seq);
}

/* The contexts of g that are inside now owe the grace period of epoch. */
static void owe(struct rvt_guard *g, unsigned long epoch)
{
	unsigned int in = RVT_READ_ONCE(g->busy) & ~RVT_GUARD_PINNED & ~g->owed;
	unsigned long n = 0;
	unsigned int b;

	if (!in)
		return;
	g->owed |= in;
	if (epoch & 1)
		g->owed_odd |= in;
	else
		g->owed_odd &= ~in;
	for (b = in; b; b &= b - 1)
		n++;
	__atomic_fetch_add(&rvt_core.owed[epoch & 1], n, __ATOMIC_RELAXED);
}

/*
 * Hart h takes epoch, with interrupts masked (in its IPI handler, or the
 * patcher's own hart): its contexts inside a hook owe the epoch it leaves.
 */
static void take_epoch(struct rvt_hart *h, unsigned long epoch)
{
	struct rvt_task *t = h->task;

	if (h->epoch == epoch)
		return;
	h->epoch = epoch;
	owe(&h->guard, epoch - 1);
	if (t)
		owe(&t->guard, epoch - 1);
}

/*
 * Software interrupts carry no sender: rvtrace's and the firmware's share
 * one pending bit, so the firmware runs its own handling whatever this
 * returns. Returns 1 for an outstanding request of rvtrace's. A request a
 * patcher answered for (it timed out) is not outstanding, but its
 * fence.i is still owed, and run here.
 */
static int handle_ipi(void)
{
	struct rvt_hart *h = rvt_this_hart();
	unsigned long req, ack, epoch;
	bool missed;

	if (!h)
		return 0;
	if (rvt_core.plat->clear_ipi)
		rvt_core.plat->clear_ipi();
	/*
	 * The clear (device output, ours or the firmware's) before the read
	 * of the request: a request stored later raises the interrupt again
	 * after the clear, never before it.
	 */
	rvt_fence_o_r();
	req = RVT_READ_ONCE(h->ipi_req);
	ack = RVT_READ_ONCE(h->ipi_ack);
	rvt_rmb();
	missed = RVT_READ_ONCE(h->ipi_missed);
	if (req == ack && !missed)
		return 0;
	if (missed)
		RVT_WRITE_ONCE(h->ipi_missed, 0);
	/*
	 * The epoch before the fence: whatever this hart reads after the
	 * handler is at least as new as the epoch it takes, even when no new
	 * request ordered it (a round that was answered for).
	 */
	epoch = RVT_READ_ONCE(rvt_core.qepoch);
	rvt_fence_i();
	rvt_mb();
	take_epoch(h, epoch);
	if (req == ack)
		return 0;
	ack_at_least(&h->ipi_ack, req);
	return 1;
}

/*
 * Masked, also where a waiting patcher calls it (rvt_lock()): the hart it
 * answers for is the one that runs the fence.i, whatever task calls.
 */
int rvt_handle_ipi(void)
{
	unsigned long flags;
	int ret;

	if (!rvt_ready())
		return 0;
	flags = rvt_core.plat->irq_save();
	ret = handle_ipi();
	rvt_core.plat->irq_restore(flags);
	return ret;
}

/*
 * Masked, so that the dispatcher and the recorders, which read these on
 * this hart with interrupts masked, see them all old or all new.
 */
void rvt_hart_follow(unsigned int hart)
{
	struct rvt_guard_ref *g = &rvt_core.guards[hart];
	unsigned long flags = rvt_core.plat->irq_save();
	struct rvt_ctx c;

	rvt_ctx_at(&c, &rvt_core.harts[hart], hart);
	g->g = rvt_ctx_guard(&c, &g->bit);
	rvt_ring_follow(&c);
	rvt_core.plat->irq_restore(flags);
}

void rvt_irq_enter(void)
{
	struct rvt_hart *h;

	if (!rvt_ready())
		return;
	h = rvt_this_hart();
	if (!h)
		return;
	h->irq_level++;
	rvt_hart_follow((unsigned int)(h - rvt_core.harts));
}

void rvt_irq_exit(void)
{
	struct rvt_hart *h;

	if (!rvt_ready())
		return;
	h = rvt_this_hart();
	if (!h || !h->irq_level)
		return;
	h->irq_level--;
	rvt_hart_follow((unsigned int)(h - rvt_core.harts));
}

/* Who holds the lock: a task, or a hart's own context (hart + 1). */
static unsigned long lock_id(const struct rvt_ctx *c)
{
	return c->task ? (unsigned long)c->task :
			 (unsigned long)(c->hart - rvt_core.harts) + 1;
}

/*
 * Take the patch lock. A context that holds it already (an ops_func that
 * calls back in) gets RVT_EDEADLK, and so does a context of the holder's
 * hart when the platform cannot yield to the holder: the holder may be the
 * task it preempted. Otherwise the wait answers rounds, so a patcher never
 * waits for a hart that waits for it, and ends after eight sync timeouts
 * (RVT_ETIMEDOUT: a holder waits at most four).
 */
int rvt_lock(void)
{
	struct rvt_deadline d = { .scale = 3 };
	struct rvt_ctx c;
	unsigned int hart;

	if (!rvt_this_ctx(&c))
		return RVT_EINVAL;
	hart = c.index + 1;
	while (__atomic_exchange_n(&rvt_core.lock, 1, __ATOMIC_ACQUIRE)) {
		while (RVT_READ_ONCE(rvt_core.lock)) {
			if (RVT_READ_ONCE(rvt_core.lock_owner) == lock_id(&c) ||
			    (RVT_READ_ONCE(rvt_core.lock_hart) == hart &&
			     !rvt_core.plat->yield))
				return RVT_EDEADLK;
			rvt_handle_ipi();
			if (rvt_wait_step(&d))
				return RVT_ETIMEDOUT;
		}
	}
	RVT_WRITE_ONCE(rvt_core.lock_owner, lock_id(&c));
	RVT_WRITE_ONCE(rvt_core.lock_hart, hart);
	return 0;
}

void rvt_unlock(void)
{
	RVT_WRITE_ONCE(rvt_core.lock_owner, 0);
	RVT_WRITE_ONCE(rvt_core.lock_hart, 0);
	__atomic_store_n(&rvt_core.lock, 0, __ATOMIC_RELEASE);
	/* Pairs with rvt_mark_online()'s (test/model/fast_gate.pml). */
	rvt_mb();
	fast_dest_settle();
}

/*
 * Each hart h of mask, w and bits scratch: a word of harts none of which
 * is in the round costs one test, and a word's harts above its last one in
 * the round none.
 */
#define for_each_hart(h, w, bits, mask)					\
	for ((w) = 0; (w) * RVT_LONG_BITS < rvt_core.nr_harts; (w)++)	\
		for ((bits) = (mask)[w], (h) = (w) * RVT_LONG_BITS;	\
		     (bits); (bits) >>= 1, (h)++)			\
			if ((bits) & 1)


/* Whether elapsed clock ticks exceed the platform's sync_timeout_us. */
static bool timed_out(uint64_t elapsed, unsigned int scale)
{
	unsigned int i;

	/* One bit at a time: rv32 calls libgcc for a variable 64-bit shift. */
	for (i = 0; i < rvt_core.sync_shift + scale; i++)
		elapsed >>= 1;
	return elapsed > UINT64_MAX / 1000000u ||
	       elapsed * 1000000u > rvt_core.sync_limit;
}

/*
 * One turn of a bounded wait: let the platform yield (or pause), then tell
 * whether the timeout has passed. The first turn starts the clock, so a wait
 * that is over before its first turn costs no clock read; without a timeout
 * it never ends by itself.
 */
bool rvt_wait_step(struct rvt_deadline *d)
{
	const struct rvt_platform *p = rvt_core.plat;
	uint64_t now;

	if (p->yield)
		p->yield();
	else
		rvt_cpu_relax();
	if (!rvt_core.sync_limit)
		return false;
	now = p->clock();
	if (!d->started) {
		d->start = now;
		d->started = true;
		return false;
	}
	return timed_out(now - d->start, d->scale);
}

/*
 * Wait until every hart of mask acknowledged round seq, or the platform's
 * timeout passed (RVT_ETIMEDOUT). A hart that has not answered by then is
 * answered for, so that when its interrupt is taken at last,
 * rvt_handle_ipi() runs the fence.i it owes but reports the interrupt as not
 * rvtrace's: it may as well be the firmware's own.
 */
static int ipi_wait(const unsigned long *mask, unsigned long seq)
{
	struct rvt_deadline d = { 0 };
	bool late = false;
	unsigned long bits;
	unsigned int h, w;

	for_each_hart(h, w, bits, mask) {
		while (!late && RVT_READ_ONCE(rvt_core.harts[h].ipi_ack) != seq)
			late = rvt_wait_step(&d);
		if (late && RVT_READ_ONCE(rvt_core.harts[h].ipi_ack) != seq)
			answer_for(h, seq);
	}
	return late ? RVT_ETIMEDOUT : 0;
}

static int ipi_round(const unsigned long *mask)
{
	const struct rvt_platform *p = rvt_core.plat;
	unsigned long seq = ++rvt_core.sync_seq, bits;
	unsigned int h, w;
	int ret;

	for_each_hart(h, w, bits, mask)
		RVT_WRITE_ONCE(rvt_core.harts[h].ipi_req, seq);
	/* The requests (memory) before the interrupts (device output). */
	rvt_fence_w_o();
	for_each_hart(h, w, bits, mask) {
		if (p->send_ipi(h)) {
			/* Nobody will run fence.i for that hart; answer for it. */
			answer_for(h, seq);
			rvt_core.sync_failures++;
		}
	}
	ret = ipi_wait(mask, seq);
	rvt_mb();
	return ret;
}

/*
 * Steps 2-4 of DESIGN.md section 3, after the caller made its stores (step 1):
 * text is true when instructions changed, data when the destination, a slot
 * or the hook list did. A platform call that fails is counted
 * (rvt_sync_failures()), not returned: the change is made by then. A hart
 * that does not acknowledge within the timeout gives RVT_ETIMEDOUT, and the
 * caller undoes its change.
 */
static int sync_round(bool text, bool data, bool grace)
{
	const struct rvt_platform *p = rvt_core.plat;
	unsigned long mask[RVT_MASK_WORDS], flags;
	bool others = false;
	unsigned int self, w;

	/* Step 2: the stores above before the read of the online set. */
	rvt_mb();
	/*
	 * Masked: the hart left out of the round is the one that ran fence.i
	 * and took the epoch, even when the caller is a task that moves.
	 */
	flags = p->irq_save();
	self = rvt_hart_now();
	if (grace)
		take_epoch(&rvt_core.harts[self],
			   RVT_READ_ONCE(rvt_core.qepoch));
	for (w = 0; w < RVT_MASK_WORDS; w++) {
		mask[w] = RVT_READ_ONCE(rvt_core.online[w]);
		if (w == self / RVT_LONG_BITS)
			mask[w] &= ~rvt_hart_bit(self);
		others |= mask[w] != 0;
	}
	rvt_fence_i();
	p->irq_restore(flags);
	if (!others)
		return 0;
	if (text && p->remote_fence_i) {
		if (p->remote_fence_i(mask, rvt_core.nr_harts))
			rvt_core.sync_failures++;
		text = false;
	}
	return text || data ? ipi_round(mask) : 0;
}

int rvt_sync(bool text, bool data)
{
	return sync_round(text, data, false);
}

int rvt_sync_answered(void)
{
	int ret;

	round_answered = false;
	ret = sync_round(false, true, false);
	return !ret && round_answered ? RVT_ETIMEDOUT : ret;
}

unsigned long rvt_sync_failures(void)
{
	return rvt_ready() ? rvt_core.sync_failures : 0;
}

unsigned long rvt_undo_failures(void)
{
	return rvt_ready() ? rvt_core.undo_failures : 0;
}

/*
 * The grace period of a removal (DESIGN.md section 3, refined: README,
 * design notes). A call marks itself in its context's guard before it
 * reads what a patcher may remove (caller.S, run_hooks()), with no fence:
 * the only observer that needs to see it at once is the hart's own
 * interrupt handler, which sees everything its hart did before. The round
 * that publishes the removal is that observer on every hart: each hart
 * takes the new epoch in its IPI handler, and every context it runs or has
 * interrupted that is inside a hook then owes the grace period of the
 * epoch before a report, which the context makes at its outermost exit
 * (rvt_quiesce_report()). A task switched out inside owes the epoch its
 * hart is in (rvt_quiesce_park()): it may be out of sight of every
 * handler. The patcher waits for what is owed to the epoch it closes.
 * Contexts on a pinned guard cannot be told apart, so they count
 * themselves in rvt_core.shared_inside around each call instead.
 */

void rvt_quiesce_park(struct rvt_hart *h, struct rvt_task *t)
{
	owe(&t->guard, h->epoch);
}

/* The contexts of g whose owed bits are bits report (interrupts masked). */
static void settle(struct rvt_guard *g, unsigned int bits)
{
	unsigned int b;

	for (b = bits; b; b &= b - 1)
		/* Release: after everything the hook did. */
		__atomic_fetch_sub(&rvt_core.owed[g->owed_odd & b & -b ? 1 : 0],
				   1, __ATOMIC_RELEASE);
	g->owed &= ~bits;
	g->owed_odd &= ~bits;
}

/*
 * Every context of g that was found inside and has left since (its busy
 * bit is clear again) reports, whichever context runs this: a nested call
 * leaves its bit set, and the outermost one reports.
 */
void rvt_quiesce_report(struct rvt_guard *g)
{
	unsigned long flags = rvt_core.plat->irq_save();

	settle(g, g->owed & ~g->busy);
	rvt_core.plat->irq_restore(flags);
}

void rvt_quiesce_forget(struct rvt_guard *g)
{
	unsigned long flags = rvt_core.plat->irq_save();

	settle(g, g->owed);
	rvt_core.plat->irq_restore(flags);
}

/* Wait until nothing is owed to epoch (and no pinned caller is inside). */
static int owed_wait(unsigned long epoch, bool shared)
{
	struct rvt_deadline d = { 0 };
	int ret = 0;

	while (RVT_READ_ONCE(rvt_core.owed[epoch & 1]) ||
	       (shared && RVT_READ_ONCE(rvt_core.shared_inside)))
		if (rvt_wait_step(&d)) {
			ret = RVT_ETIMEDOUT;
			break;
		}
	rvt_mb();
	return ret;
}

/* Whether an online hart has not taken epoch (answered for in a round). */
static bool lagging(unsigned long epoch)
{
	unsigned int h;

	for (h = 0; h < rvt_core.nr_harts; h++)
		if (rvt_hart_is_online(h) &&
		    RVT_READ_ONCE(rvt_core.harts[h].epoch) != epoch)
			return true;
	return false;
}

/*
 * The round after a removal, which is also its grace period. Returns the
 * round's result (rvt_sync(): the caller undoes a change it refuses);
 * *grace says whether every caller that could have found what was removed
 * has left (RVT_ETIMEDOUT after the platform's timeout, or when a hart
 * was answered for: nothing marked its contexts; a later grace period that
 * ends covers it, rvt_synchronize()).
 *
 * Contexts still owing the epoch before (a grace period that timed out)
 * are waited for first: once the epoch moves on, its parity is the one new
 * owers take. The patcher's own hart takes the epoch here; the others in
 * the round.
 */
int rvt_sync_grace(bool text, int *grace)
{
	unsigned long epoch;
	int ret;

	rvt_mb();
	epoch = RVT_READ_ONCE(rvt_core.qepoch);
	*grace = 0;
	/*
	 * A hart answered for in an earlier round still parks tasks by an
	 * older epoch, whose parity the last wait would not cover once the
	 * epoch moves on: a round first that brings every hart to epoch.
	 */
	if (lagging(epoch)) {
		round_answered = false;
		ret = sync_round(false, true, true);
		if (ret)
			return ret;
		if (round_answered || lagging(epoch))
			*grace = RVT_ETIMEDOUT;
	}
	if (!*grace)
		*grace = owed_wait(epoch + 1, false);
	if (!*grace)
		RVT_WRITE_ONCE(rvt_core.qepoch, epoch + 1);
	round_answered = false;
	ret = sync_round(text, true, !*grace);
	if (ret)
		return ret;
	if (!*grace && round_answered)
		*grace = RVT_ETIMEDOUT;
	if (!*grace)
		*grace = owed_wait(epoch, true);
	if (!*grace)
		rvt_core.grace_periods++;
	return 0;
}

int rvt_wait_quiescent(void)
{
	int grace, ret = rvt_sync_grace(false, &grace);

	return ret ? ret : grace;
}
