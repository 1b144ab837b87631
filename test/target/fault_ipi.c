// SPDX-License-Identifier: BSD-2-Clause
/*
 * A hart that is online but stops answering: it masks interrupts and spins.
 * Every call that needs a synchronisation round returns RVT_ETIMEDOUT after
 * the platform's sync_timeout_us and changes nothing that can be read back
 * (every site's words, rvt_site_enabled(), hook and trampoline counts); the
 * failed undo round is counted by rvt_sync_failures(). The late hart was
 * answered for, so the interrupt it takes when it wakes up is not reported
 * as rvtrace's. Once the hart answers again, the same calls work. In S-mode the text part of a round is SBI
 * remote_fence_i, which OpenSBI completes in M-mode; the hart's own
 * supervisor interrupt is what times out.
 */
#include "check.h"
#include "sitesnap.h"

#define TIMEOUT_US	500000u

__thread unsigned long direct_hits_a, direct_hits_b;
void direct_tramp_a(void);
void direct_tramp_b(void);

TRACED long fa(long x)
{
	return x + 1;
}

TRACED long fb(long x)
{
	return x + 2;
}

static const void *const both[] = { (const void *)fa, (const void *)fb };
static struct rvt_ops hook = { .func = count_call, .filter = both,
			       .filter_len = 2 };
static struct rvt_ops direct = { .filter = both + 1, .filter_len = 1 };

static struct rvt_platform timed;
static unsigned int deaf_hart;

enum { AWAKE, GO_DEAF, DEAF, WAKE_UP, STOP };
static int deaf_state;
/* What rvt_handle_ipi() said of the interrupt pending when it woke up. */
static int late_answer = -1;

/* The deaf hart's work: mask interrupts when asked, until woken. */
static void other(unsigned int hart, void *arg)
{
	(void)arg;
	for (;;) {
		int st = __atomic_load_n(&deaf_state, __ATOMIC_ACQUIRE);
		unsigned long flags;

		if (st == STOP)
			return;
		if (hart != deaf_hart || st != GO_DEAF)
			continue;
		flags = timed.irq_save();
		__atomic_store_n(&deaf_state, DEAF, __ATOMIC_RELEASE);
		while (__atomic_load_n(&deaf_state, __ATOMIC_ACQUIRE) != WAKE_UP)
			;
		/*
		 * The rounds that timed out answered for this hart: their
		 * interrupt, still pending, is not rvtrace's any more.
		 */
		late_answer = rvt_handle_ipi();
		timed.irq_restore(flags);
		__atomic_store_n(&deaf_state, AWAKE, __ATOMIC_RELEASE);
	}
}

static void set_deaf(bool deaf)
{
	int want = deaf ? DEAF : AWAKE;

	__atomic_store_n(&deaf_state, deaf ? GO_DEAF : WAKE_UP,
			 __ATOMIC_RELEASE);
	while (__atomic_load_n(&deaf_state, __ATOMIC_ACQUIRE) != want)
		;
}

static struct sitesnap before, after;

/* call must time out, take the timeout, and leave every site as it was. */
#define EXPECT_TIMEOUT(call)						\
	do {								\
		uint64_t t0;						\
		sitesnap_take(&before);					\
		t0 = timed.clock();					\
		CHECK_EQ(call, RVT_ETIMEDOUT);				\
		CHECK(timed.clock() - t0 >=				\
		      timed.clock_hz / 1000000u * TIMEOUT_US);		\
		sitesnap_take(&after);					\
		sitesnap_expect(&before, &after);			\
		CHECK_EQ(after.sync_failures, before.sync_failures + 1); \
	} while (0)

/* One call of each function: the hook and trampoline counts it adds. */
static void calls(unsigned long hooked, unsigned long through_a,
		  unsigned long through_b)
{
	unsigned long c = counted_total(), a = direct_hits_a,
		      b = direct_hits_b;

	CHECK_EQ(fa(1), 2);
	CHECK_EQ(fb(1), 3);
	CHECK_EQ(counted_total() - c, hooked);
	CHECK_EQ(direct_hits_a - a, through_a);
	CHECK_EQ(direct_hits_b - b, through_b);
}

int main(void)
{
	static struct sitesnap off, on;

	CHECK(board_nr_harts() > 1);
	timed = *board_platform();
	timed.sync_timeout_us = TIMEOUT_US;
	CHECK(rvt_init(&timed) > 0);
	deaf_hart = board_hart_index() == 1 ? 2 : 1;
	board_run_others(other, NULL);

	sitesnap_take(&off);
	set_deaf(true);
	EXPECT_TIMEOUT(rvt_register(&hook));
	EXPECT_TIMEOUT(rvt_register_direct(&direct,
					   (unsigned long)direct_tramp_a));
	CHECK_EQ(hook.flags & RVT_OPS_FL_ENABLED, 0);
	CHECK_EQ(direct.flags & RVT_OPS_FL_DIRECT, 0);
	calls(0, 0, 0);

	set_deaf(false);
	CHECK_EQ(late_answer, 0);
	CHECK_EQ(rvt_register(&hook), 0);
	CHECK_EQ(rvt_register_direct(&direct, (unsigned long)direct_tramp_a), 0);
	calls(2, 1, 0);
	sitesnap_take(&on);
	CHECK_EQ(sitesnap_on(&on), 2);

	set_deaf(true);
	EXPECT_TIMEOUT(rvt_unregister(&hook));
	EXPECT_TIMEOUT(rvt_modify_direct(&direct,
					 (unsigned long)direct_tramp_b));
	EXPECT_TIMEOUT(rvt_unregister_direct(&direct));
	calls(2, 1, 0);
	sitesnap_expect(&on, &after);

	set_deaf(false);
	CHECK_EQ(late_answer, 0);
	CHECK_EQ(rvt_modify_direct(&direct, (unsigned long)direct_tramp_b), 0);
	calls(2, 0, 1);
	CHECK_EQ(rvt_unregister_direct(&direct), 0);
	CHECK_EQ(rvt_unregister(&hook), 0);
	calls(0, 0, 0);
	sitesnap_take(&after);
	after.sync_failures = off.sync_failures;
	sitesnap_expect(&off, &after);
	CHECK_EQ(rvt_sync_failures(), 5);

	__atomic_store_n(&deaf_state, STOP, __ATOMIC_RELEASE);
	board_wait_others();
	board_printf("fault_ipi: hart %u deaf: 5 calls timed out after %u us, nothing changed\n",
		     deaf_hart, TIMEOUT_US);
	return 0;
}
