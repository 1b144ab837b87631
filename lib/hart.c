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

void rvt_mark_online(unsigned int hart)
{
	unsigned long was = __atomic_fetch_or(&rvt_core.online[hart /
							       RVT_LONG_BITS],
					      rvt_hart_bit(hart),
					      __ATOMIC_RELAXED);

	if (!(was & rvt_hart_bit(hart)))
		__atomic_fetch_sub(&rvt_core.missing, 1, __ATOMIC_RELAXED);
	/* Pairs with the patcher's fence before it reads the online set. */
	rvt_mb();
	rvt_fence_i();
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
	unsigned long was;
	unsigned int hart;
	int ret;

	if (!rvt_ready())
		return RVT_EPERM;
	hart = rvt_hart_now();
	if (hart >= rvt_core.nr_harts)
		return RVT_EINVAL;
	/* Under the lock, so no round in progress still waits for this hart. */
	ret = rvt_lock();
	if (ret)
		return ret;
	was = __atomic_fetch_and(&rvt_core.online[hart / RVT_LONG_BITS],
				 ~rvt_hart_bit(hart), __ATOMIC_RELAXED);
	/* No fast entry any more, on this hart least of all. */
	if (was & rvt_hart_bit(hart))
		__atomic_fetch_add(&rvt_core.missing, 1, __ATOMIC_RELAXED);
	rvt_unlock();
	return 0;
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

/* A patcher gave up waiting for hart h and answered its round for it. */
static void answer_for(unsigned int h, unsigned long seq)
{
	struct rvt_hart *hart = &rvt_core.harts[h];

	/* Before the answer: a handler that sees the answer sees this. */
	RVT_WRITE_ONCE(hart->ipi_missed, 1);
	rvt_wmb();
	ack_at_least(&hart->ipi_ack, seq);
}

/*
 * Software interrupts carry no sender: rvtrace's and the firmware's share
 * one pending bit, so the firmware runs its own handling whatever this
 * returns. Returns 1 for an outstanding request of rvtrace's. A request a
 * patcher answered for (it timed out) is not outstanding, but its
 * fence.i is still owed, and run here.
 */
int rvt_handle_ipi(void)
{
	struct rvt_hart *h;
	unsigned long req, ack;
	bool missed;

	if (!rvt_ready())
		return 0;
	h = rvt_this_hart();
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
	rvt_fence_i();
	rvt_mb();
	if (req == ack)
		return 0;
	ack_at_least(&h->ipi_ack, req);
	return 1;
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
	g->word = rvt_ctx_guard(&c, &g->bit);
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
}

static bool mask_test(const unsigned long *mask, unsigned int hart)
{
	return mask[hart / RVT_LONG_BITS] & rvt_hart_bit(hart);
}

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
	unsigned int h;

	for (h = 0; h < rvt_core.nr_harts; h++) {
		if (!mask_test(mask, h))
			continue;
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
	unsigned long seq = ++rvt_core.sync_seq;
	unsigned int h;
	int ret;

	for (h = 0; h < rvt_core.nr_harts; h++)
		if (mask_test(mask, h))
			RVT_WRITE_ONCE(rvt_core.harts[h].ipi_req, seq);
	/* The requests (memory) before the interrupts (device output). */
	rvt_fence_w_o();
	for (h = 0; h < rvt_core.nr_harts; h++) {
		if (!mask_test(mask, h))
			continue;
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
int rvt_sync(bool text, bool data)
{
	const struct rvt_platform *p = rvt_core.plat;
	unsigned long mask[RVT_MASK_WORDS];
	unsigned int self = rvt_hart_now();
	bool others = false;
	unsigned int w;

	/* Step 2: the stores above before the read of the online set. */
	rvt_mb();
	for (w = 0; w < RVT_MASK_WORDS; w++) {
		mask[w] = RVT_READ_ONCE(rvt_core.online[w]);
		if (w == self / RVT_LONG_BITS)
			mask[w] &= ~rvt_hart_bit(self);
		others |= mask[w] != 0;
	}
	rvt_fence_i();
	if (!others)
		return 0;
	if (text && p->remote_fence_i) {
		if (p->remote_fence_i(mask, rvt_core.nr_harts))
			rvt_core.sync_failures++;
		text = false;
	}
	return text || data ? ipi_round(mask) : 0;
}

unsigned long rvt_sync_failures(void)
{
	return rvt_ready() ? rvt_core.sync_failures : 0;
}

unsigned long rvt_undo_failures(void)
{
	return rvt_ready() ? rvt_core.undo_failures : 0;
}

/* Wait until no caller counts in inside[idx] of any hart. */
static int drain(unsigned int idx)
{
	struct rvt_deadline d = { 0 };
	unsigned int i;

	for (i = 0; i < rvt_core.nr_harts; i++)
		while (RVT_READ_ONCE(rvt_core.harts[i].inside[idx]))
			if (rvt_wait_step(&d))
				return RVT_ETIMEDOUT;
	return 0;
}

/*
 * Return once every caller that could have found what the patcher removed
 * before this call has left the trampoline: on every hart, the calling
 * one included, whatever task it is and wherever it moved meanwhile.
 *
 * Callers count themselves in by the parity of the epoch and then fence, and
 * the patcher fences before it reads a count, so a caller the patcher reads
 * as absent will read the new state (the store-buffering pair). Callers that
 * read the epoch before its last flip and counted themselves in late are
 * still in the other parity: drain that first, then flip, so that new
 * callers no longer add to the parity being drained, and drain the old one.
 * RVT_ETIMEDOUT after the platform's timeout: a later call that returns 0
 * covers everything removed before it (rvt_synchronize()).
 */
int rvt_wait_quiescent(void)
{
	unsigned long epoch;
	int ret;

	rvt_mb();
	epoch = RVT_READ_ONCE(rvt_core.qepoch);
	ret = drain((unsigned int)(epoch & 1) ^ 1);
	if (ret)
		return ret;
	RVT_WRITE_ONCE(rvt_core.qepoch, epoch + 1);
	rvt_mb();
	ret = drain((unsigned int)(epoch & 1));
	rvt_mb();
	if (!ret)
		rvt_core.grace_periods++;
	return ret;
}
