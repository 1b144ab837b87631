// SPDX-License-Identifier: BSD-2-Clause
/*
 * Harts: the online set, the patch lock, the synchronisation round of
 * DESIGN.md section 3 and the wait for harts to leave a removed hook.
 */
#include "internal.h"

struct rvt_hart *rvt_this_hart(void)
{
	unsigned int i = rvt_core.hart_index();

	return i < rvt_core.nr_harts ? &rvt_core.harts[i] : NULL;
}

static unsigned long hart_bit(unsigned int hart)
{
	return 1UL << (hart % RVT_LONG_BITS);
}

void rvt_mark_online(unsigned int hart)
{
	__atomic_fetch_or(&rvt_core.online[hart / RVT_LONG_BITS],
			  hart_bit(hart), __ATOMIC_RELAXED);
	/* Pairs with the patcher's fence before it reads the online set. */
	rvt_mb();
	rvt_fence_i();
}

void rvt_hart_online(void)
{
	unsigned int hart;

	if (!rvt_ready())
		return;
	hart = rvt_core.hart_index();
	if (hart < rvt_core.nr_harts)
		rvt_mark_online(hart);
}

void rvt_hart_offline(void)
{
	unsigned int hart;

	if (!rvt_ready())
		return;
	hart = rvt_core.hart_index();
	if (hart >= rvt_core.nr_harts)
		return;
	/* Under the lock, so no round in progress still waits for this hart. */
	rvt_lock();
	__atomic_fetch_and(&rvt_core.online[hart / RVT_LONG_BITS],
			   ~hart_bit(hart), __ATOMIC_RELAXED);
	rvt_unlock();
}

int rvt_handle_ipi(void)
{
	struct rvt_hart *h;
	unsigned long req;

	if (!rvt_ready())
		return 0;
	h = rvt_this_hart();
	if (!h)
		return 0;
	if (rvt_core.plat->clear_ipi)
		rvt_core.plat->clear_ipi();
	/* Cleared before the request is read: a later request raises it again. */
	rvt_mb();
	req = RVT_READ_ONCE(h->ipi_req);
	if (req == RVT_READ_ONCE(h->ipi_ack))
		return 0;
	rvt_fence_i();
	rvt_mb();
	RVT_WRITE_ONCE(h->ipi_ack, req);
	return 1;
}

void rvt_irq_enter(void)
{
	struct rvt_hart *h;

	if (!rvt_ready())
		return;
	h = rvt_this_hart();
	if (h)
		h->irq_level++;
}

void rvt_irq_exit(void)
{
	struct rvt_hart *h;

	if (!rvt_ready())
		return;
	h = rvt_this_hart();
	if (h && h->irq_level)
		h->irq_level--;
}

/*
 * A hart waiting for the lock keeps answering rounds, so a patcher never
 * waits for a hart that waits for it.
 */
void rvt_lock(void)
{
	while (__atomic_exchange_n(&rvt_core.lock, 1, __ATOMIC_ACQUIRE)) {
		while (RVT_READ_ONCE(rvt_core.lock)) {
			rvt_handle_ipi();
			rvt_cpu_relax();
		}
	}
}

void rvt_unlock(void)
{
	__atomic_store_n(&rvt_core.lock, 0, __ATOMIC_RELEASE);
}

static bool mask_test(const unsigned long *mask, unsigned int hart)
{
	return mask[hart / RVT_LONG_BITS] & hart_bit(hart);
}

/* Whether elapsed clock ticks exceed the platform's sync_timeout_us. */
static bool timed_out(uint64_t elapsed)
{
	unsigned int i;

	/* One bit at a time: rv32 calls libgcc for a variable 64-bit shift. */
	for (i = 0; i < rvt_core.sync_shift; i++)
		elapsed >>= 1;
	return elapsed > UINT64_MAX / 1000000u ||
	       elapsed * 1000000u > rvt_core.sync_limit;
}

/*
 * Wait until every hart of mask acknowledged round seq, or the platform's
 * timeout passed (RVT_ETIMEDOUT). The clock is read only while a hart is
 * still outstanding, so a prompt round costs no clock reads.
 */
static int ipi_wait(const unsigned long *mask, unsigned long seq)
{
	const struct rvt_platform *p = rvt_core.plat;
	uint64_t start = 0;
	bool started = false;
	unsigned int h;

	for (h = 0; h < rvt_core.nr_harts; h++) {
		if (!mask_test(mask, h))
			continue;
		while (RVT_READ_ONCE(rvt_core.harts[h].ipi_ack) != seq) {
			if (rvt_core.sync_limit) {
				uint64_t now = p->clock();

				if (!started) {
					start = now;
					started = true;
				} else if (timed_out(now - start)) {
					return RVT_ETIMEDOUT;
				}
			}
			rvt_cpu_relax();
		}
	}
	return 0;
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
	rvt_mb();
	for (h = 0; h < rvt_core.nr_harts; h++) {
		if (!mask_test(mask, h))
			continue;
		if (p->send_ipi(h)) {
			/* Nobody will run fence.i for that hart; answer for it. */
			RVT_WRITE_ONCE(rvt_core.harts[h].ipi_ack, seq);
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
	unsigned int self = rvt_core.hart_index();
	bool others = false;
	unsigned int w;

	/* Step 2: the stores above before the read of the online set. */
	rvt_mb();
	for (w = 0; w < RVT_MASK_WORDS; w++) {
		mask[w] = RVT_READ_ONCE(rvt_core.online[w]);
		if (w == self / RVT_LONG_BITS)
			mask[w] &= ~hart_bit(self);
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

/*
 * Return once every hart that was inside the trampoline when this was called
 * has left it: either it is outside now, or its outermost exit count moved.
 */
void rvt_wait_quiescent(void)
{
	unsigned int self = rvt_core.hart_index();
	unsigned int i;

	rvt_mb();
	for (i = 0; i < rvt_core.nr_harts; i++) {
		struct rvt_hart *h = &rvt_core.harts[i];
		unsigned long gen;

		if (i == self)
			continue;
		gen = RVT_READ_ONCE(h->gen);
		while (RVT_READ_ONCE(h->depth) && RVT_READ_ONCE(h->gen) == gen)
			rvt_cpu_relax();
	}
	rvt_mb();
}
