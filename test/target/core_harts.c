// SPDX-License-Identifier: BSD-2-Clause
/*
 * While the other harts call a function in a loop, the boot hart registers and
 * unregisters a hook on it. Every call that starts after rvt_register()
 * returned is hooked; none that starts after rvt_unregister() returned is; and
 * rvt_unregister() does not return while a hart is still inside the hook.
 */
#include "check.h"

#define ROUNDS		20

/*
 * A call is checked only if the phase is the same before and after it: ON is
 * set after rvt_register() returned and left before rvt_unregister() starts;
 * OFF is set after rvt_unregister() returned.
 */
enum phase { PH_IDLE, PH_ON, PH_LEAVING, PH_OFF, PH_STOP };

struct hart_state {
	unsigned long hooked;		/* set by the hook for this hart */
	unsigned long calls_on, missed_on, calls_off, hooked_off;
} __attribute__((aligned(64)));

static struct hart_state hs[BOARD_MAX_HARTS];
static int phase;
static int round_ack[BOARD_MAX_HARTS];
static int slow_hart = -1;
static int in_hook, hook_done;

TRACED unsigned long work(unsigned long x)
{
	return x * 7 + 1;
}

static void hook_fn(unsigned long ip, unsigned long parent_ip,
		    struct rvt_ops *ops, struct rvt_regs *regs)
{
	unsigned int h = board_hart_index();
	int i;

	(void)ip;
	(void)parent_ip;
	(void)ops;
	(void)regs;
	hs[h].hooked = 1;
	if ((int)h == __atomic_load_n(&slow_hart, __ATOMIC_ACQUIRE)) {
		unsigned long irqs = board_soft_interrupts();

		__atomic_store_n(&in_hook, 1, __ATOMIC_RELEASE);
		/*
		 * Stay until rvt_unregister() has run its sync round (it
		 * interrupts this hart), then a while longer: it must not
		 * return before this hook does.
		 */
		while (board_soft_interrupts() == irqs)
			;
		for (i = 0; i < 100000; i++)
			__asm__ __volatile__("" ::: "memory");
		__atomic_store_n(&in_hook, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&hook_done, 1, __ATOMIC_RELEASE);
		__atomic_store_n(&slow_hart, -1, __ATOMIC_RELEASE);
	}
}

static const void *const only_work[] = { (const void *)work };
static struct rvt_ops hook = {
	.func = hook_fn,
	.filter = only_work,
	.filter_len = 1,
};

static void worker(unsigned int hart, void *arg)
{
	struct hart_state *s = &hs[hart];

	(void)arg;
	for (;;) {
		int p = __atomic_load_n(&phase, __ATOMIC_ACQUIRE);

		if (p == PH_STOP)
			break;
		s->hooked = 0;
		if (work(hart) != hart * 7 + 1)
			board_exit(90);
		if (p != __atomic_load_n(&phase, __ATOMIC_ACQUIRE))
			continue;
		if (p == PH_ON) {
			s->calls_on++;
			if (!s->hooked && !s->missed_on++)
				board_printf("hart %u: unhooked call in phase ON: site %08x\n",
					     hart, (unsigned int)text_word((unsigned long)work + 4));
		} else if (p == PH_OFF) {
			s->calls_off++;
			s->hooked_off += s->hooked;
		}
		/* A call was made entirely within phase p. */
		__atomic_store_n(&round_ack[hart], p, __ATOMIC_RELEASE);
	}
}

/* Wait until every other hart has made a call in phase p. */
static void wait_round(int p)
{
	unsigned int h;

	for (h = 0; h < board_nr_harts(); h++)
		if (h != board_hart_index())
			while (__atomic_load_n(&round_ack[h], __ATOMIC_ACQUIRE) != p)
				rvt_handle_ipi();
}

int main(void)
{
	unsigned int h, others = board_nr_harts() - 1;
	unsigned long on = 0, off = 0;
	int r;

	CHECK(rvt_init(board_platform()) > 0);
	board_run_others(worker, NULL);
	for (r = 0; r < ROUNDS; r++) {
		CHECK_EQ(rvt_register(&hook), 0);
		__atomic_store_n(&phase, PH_ON, __ATOMIC_RELEASE);
		wait_round(PH_ON);
		__atomic_store_n(&phase, PH_LEAVING, __ATOMIC_RELEASE);
		CHECK_EQ(rvt_unregister(&hook), 0);
		__atomic_store_n(&phase, PH_OFF, __ATOMIC_RELEASE);
		wait_round(PH_OFF);
		__atomic_store_n(&phase, PH_IDLE, __ATOMIC_RELEASE);
		wait_round(PH_IDLE);
	}

	/* A hart is held inside the hook while the boot hart unregisters. */
	if (others) {
		CHECK_EQ(rvt_register(&hook), 0);
		__atomic_store_n(&slow_hart, (int)(board_hart_index() == 1 ? 2 : 1),
				 __ATOMIC_RELEASE);
		while (!__atomic_load_n(&in_hook, __ATOMIC_ACQUIRE))
			;
		CHECK_EQ(rvt_unregister(&hook), 0);
		CHECK_EQ(__atomic_load_n(&in_hook, __ATOMIC_ACQUIRE), 0);
		CHECK_EQ(__atomic_load_n(&hook_done, __ATOMIC_ACQUIRE), 1);
	}
	__atomic_store_n(&phase, PH_STOP, __ATOMIC_RELEASE);
	board_wait_others();

	for (h = 0; h < board_nr_harts(); h++) {
		CHECK_EQ(hs[h].missed_on, 0);
		CHECK_EQ(hs[h].hooked_off, 0);
		on += hs[h].calls_on;
		off += hs[h].calls_off;
	}
	CHECK(!others || (on >= ROUNDS * others && off >= ROUNDS * others));
	board_printf("core_harts: %u harts, %lu hooked calls, %lu unhooked, none wrong\n",
		     board_nr_harts(), on, off);
	return 0;
}
