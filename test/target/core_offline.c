// SPDX-License-Identifier: BSD-2-Clause
/*
 * Harts that are not online run instrumented code while the boot hart
 * switches hooks, a DIRECT trampoline, a live patch and the tracers on and
 * off, over and over. Such a hart takes no part in the rounds, so it may
 * execute any word its sites ever held; it must never run a hook, enter a
 * trampoline or the patch, or record an event, and every call must return
 * what the function computes. Then the harts come online (every call is
 * hooked) and go offline again (none is).
 *
 * Before the fix a hart that was not online ran the hooks of whatever site
 * it fetched. Without the check of rvt_core.missing in the trampoline, one
 * entered the DIRECT trampoline of a site with an ops slot.
 */
#include "check.h"

#define ROUNDS		10
#define ONLINE_CALLS	25

__thread unsigned long direct_hits_a, direct_hits_b;
void direct_tramp_a(void);

TRACED long plain_fn(long x)
{
	return x + 7;
}

TRACED long direct_fn(long x)
{
	return x * 2;
}

TRACED long patched_fn(long x)
{
	return x - 1;
}

TRACED long patch_fn(long x)
{
	return x + 100;
}

RVT_NOTRACE static void live_patch(unsigned long ip, unsigned long parent_ip,
				   struct rvt_ops *ops, struct rvt_regs *regs)
{
	(void)ip;
	(void)parent_ip;
	(void)ops;
	rvt_regs_set_ip(regs, (unsigned long)patch_fn);
}

static const void *const plain_only[] = { (const void *)plain_fn };
static const void *const direct_only[] = { (const void *)direct_fn };
static const void *const patched_only[] = { (const void *)patched_fn };
static struct rvt_ops counter = { .func = count_call, .filter = plain_only,
				  .filter_len = 1 };
static struct rvt_ops direct = { .filter = direct_only, .filter_len = 1 };
static struct rvt_ops patch = { .func = live_patch,
				.flags = RVT_OPS_FL_IPMODIFY,
				.filter = patched_only, .filter_len = 1 };

enum { OFFLINE_CALLS, GO_ONLINE, CALL_ONLINE, GO_OFFLINE, STOP };
static int phase;
static unsigned long loops[BOARD_MAX_HARTS];
static int acks;

RVT_NOTRACE static int get_phase(void)
{
	return __atomic_load_n(&phase, __ATOMIC_ACQUIRE);
}

/* Every other hart has acknowledged the phase it was asked for. */
RVT_NOTRACE static void set_phase(int p)
{
	__atomic_store_n(&acks, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&phase, p, __ATOMIC_RELEASE);
	while (p != STOP && __atomic_load_n(&acks, __ATOMIC_ACQUIRE) !=
				    (int)board_nr_harts() - 1)
		;
}

RVT_NOTRACE static void ack(void)
{
	__atomic_fetch_add(&acks, 1, __ATOMIC_RELEASE);
}

/* Calls that must reach nothing of rvtrace's. */
RVT_NOTRACE static void untouched_calls(unsigned int hart, long i)
{
	CHECK_EQ(plain_fn(i), i + 7);
	CHECK_EQ(direct_fn(i), 2 * i);
	CHECK_EQ(patched_fn(i), i - 1);
	CHECK_EQ(direct_hits_a, 0);
	CHECK_EQ(counted[hart], 0);
	__atomic_store_n(&loops[hart], loops[hart] + 1, __ATOMIC_RELEASE);
}

RVT_NOTRACE static void worker(unsigned int hart, void *arg)
{
	long i = 0;
	int k;

	(void)arg;
	while (get_phase() == OFFLINE_CALLS)
		untouched_calls(hart, i++);
	CHECK_EQ(get_phase(), GO_ONLINE);
	rvt_hart_online();
	ack();
	while (get_phase() == GO_ONLINE)
		;
	CHECK_EQ(get_phase(), CALL_ONLINE);
	for (k = 0; k < ONLINE_CALLS; k++)
		CHECK_EQ(plain_fn(k), k + 7);
	CHECK_EQ(counted[hart], ONLINE_CALLS);
	counted[hart] = 0;
	ack();
	while (get_phase() == CALL_ONLINE)
		;
	CHECK_EQ(get_phase(), GO_OFFLINE);
	CHECK_EQ(rvt_hart_offline(), 0);
	ack();
	while (get_phase() == GO_OFFLINE)
		untouched_calls(hart, i++);
}

/* Let every other hart make a few more calls in the present state. */
static void let_them_run(void)
{
	unsigned int h;

	for (h = 0; h < board_nr_harts(); h++) {
		unsigned long seen;

		if (h == board_hart_index())
			continue;
		seen = __atomic_load_n(&loops[h], __ATOMIC_ACQUIRE);
		while (__atomic_load_n(&loops[h], __ATOMIC_ACQUIRE) < seen + 3)
			;
	}
}

static void switch_everything(int round)
{
	struct rvt_trace_config cfg = { .filter = plain_only,
					.filter_len = 1 };
	struct rvt_trace_stats st;

	CHECK_EQ(rvt_register(&counter), 0);
	let_them_run();
	CHECK_EQ(rvt_register_direct(&direct, (unsigned long)direct_tramp_a),
		 0);
	CHECK_EQ(rvt_register(&patch), 0);
	let_them_run();
	CHECK_EQ(round % 2 ? rvt_graph_start(&cfg) : rvt_ftrace_start(&cfg),
		 0);
	let_them_run();
	CHECK_EQ(rvt_trace_stats(&st), 0);
	CHECK_EQ(st.recorded + st.overwritten + st.dropped, 0);
	CHECK_EQ(round % 2 ? rvt_graph_stop() : rvt_ftrace_stop(), 0);
	CHECK_EQ(rvt_unregister(&patch), 0);
	let_them_run();
	CHECK_EQ(rvt_unregister_direct(&direct), 0);
	CHECK_EQ(rvt_unregister(&counter), 0);
	let_them_run();
}

int main(void)
{
	static struct rvt_platform plat;
	unsigned int h, self;
	int round;

	CHECK(board_nr_harts() > 1);
	/*
	 * Exactly the harts there are: once they are all online the
	 * trampoline's fast entries open (the DIRECT hook alone on its site
	 * where there are ops slots), and they must close for a hart that
	 * goes offline again.
	 */
	plat = *board_platform();
	plat.nr_harts = board_nr_harts();
	CHECK(rvt_init(&plat) > 0);
	self = board_hart_index();
	board_run_others_offline(worker, NULL);
	for (round = 0; round < ROUNDS; round++)
		switch_everything(round);
	CHECK_EQ(counted[self], 0);

	/*
	 * Online first, then the hook: its round includes them. (The other
	 * order works on hardware, where the fence.i of rvt_hart_online()
	 * makes a hart see every earlier store; QEMU's multi-threaded TCG may
	 * keep a translation it made while the site was being switched, which
	 * only the store after a round the hart took part in undoes.)
	 */
	set_phase(GO_ONLINE);
	CHECK_EQ(rvt_register(&counter), 0);
	set_phase(CALL_ONLINE);
	set_phase(GO_OFFLINE);
	let_them_run();
	CHECK_EQ(rvt_unregister(&counter), 0);
	for (round = 0; round < 3; round++)
		switch_everything(round);
	set_phase(STOP);
	board_wait_others();
	for (h = 0; h < board_nr_harts(); h++)
		CHECK_EQ(counted[h], 0);
	board_printf("core_offline: %u harts called through %d rounds of "
		     "switches without being online\n", board_nr_harts() - 1,
		     ROUNDS);
	return 0;
}
