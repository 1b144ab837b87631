// SPDX-License-Identifier: BSD-2-Clause
/*
 * While the other harts call a function in a loop, the boot hart registers and
 * unregisters a hook on it. Every call that starts after rvt_register()
 * returned is hooked; none that starts after rvt_unregister() returned is; and
 * rvt_unregister() does not return while a hart is still inside the hook.
 */
#include "check.h"
#include "phases.h"

#define ROUNDS		20

enum { PH_ON = 1, PH_OFF };

static unsigned long hooked[BOARD_MAX_HARTS];
static int slow_hart = -1;
static int in_hook, hook_done;

TRACED unsigned long work(unsigned long x)
{
	return x * 7 + 1;
}

/* Hold slow_hart inside the hook until rvt_unregister() has begun. */
static void hold(void)
{
	unsigned long irqs = board_soft_interrupts();
	int i;

	__atomic_store_n(&in_hook, 1, __ATOMIC_RELEASE);
	/* Its synchronisation round interrupts this hart. */
	while (board_soft_interrupts() == irqs)
		;
	for (i = 0; i < 100000; i++)
		__asm__ __volatile__("" ::: "memory");
	__atomic_store_n(&in_hook, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&hook_done, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&slow_hart, -1, __ATOMIC_RELEASE);
}

static void hook_fn(unsigned long ip, unsigned long parent_ip,
		    struct rvt_ops *ops, struct rvt_regs *regs)
{
	unsigned int h = board_hart_index();

	(void)ip;
	(void)parent_ip;
	(void)ops;
	(void)regs;
	hooked[h] = 1;
	if ((int)h == __atomic_load_n(&slow_hart, __ATOMIC_ACQUIRE))
		hold();
}

static const void *const only_work[] = { (const void *)work };
static struct rvt_ops hook = {
	.func = hook_fn,
	.filter = only_work,
	.filter_len = 1,
};

static bool call(unsigned int hart, int phase)
{
	hooked[hart] = 0;
	if (work(hart) != hart * 7 + 1)
		board_exit(90);
	return phase == PH_ON ? hooked[hart] : !hooked[hart];
}

int main(void)
{
	unsigned int others = board_nr_harts() - 1;
	int r;

	CHECK(rvt_init(board_platform()) > 0);
	phases_start(call);
	for (r = 0; r < ROUNDS; r++) {
		CHECK_EQ(rvt_register(&hook), 0);
		phases_enter(PH_ON);
		phases_enter(PHASE_CHANGING);
		CHECK_EQ(rvt_unregister(&hook), 0);
		phases_enter(PH_OFF);
		phases_enter(PHASE_CHANGING);
	}

	/* A hart is held inside the hook while the boot hart unregisters. */
	if (others) {
		CHECK_EQ(rvt_register(&hook), 0);
		__atomic_store_n(&slow_hart,
				 (int)(board_hart_index() == 1 ? 2 : 1),
				 __ATOMIC_RELEASE);
		while (!__atomic_load_n(&in_hook, __ATOMIC_ACQUIRE))
			;
		CHECK_EQ(rvt_unregister(&hook), 0);
		CHECK_EQ(__atomic_load_n(&in_hook, __ATOMIC_ACQUIRE), 0);
		CHECK_EQ(__atomic_load_n(&hook_done, __ATOMIC_ACQUIRE), 1);
	}
	phases_stop();

	CHECK_EQ(phases_wrong(PH_ON), 0);
	CHECK_EQ(phases_wrong(PH_OFF), 0);
	CHECK(phases_calls(PH_ON) >= ROUNDS * others);
	CHECK(phases_calls(PH_OFF) >= ROUNDS * others);
	board_printf("core_harts: %u harts, %lu hooked calls, %lu unhooked, none wrong\n",
		     board_nr_harts(), phases_calls(PH_ON), phases_calls(PH_OFF));
	return 0;
}
