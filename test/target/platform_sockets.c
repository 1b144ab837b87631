// SPDX-License-Identifier: BSD-2-Clause
/*
 * QEMU virt with several sockets has an ACLINT per socket (a CLINT, or an
 * MSWI and an MTIMER with aclint=on). The board's platform, made by
 * rvt_platform_virt_m_fdt() from QEMU's tree, must raise each hart's
 * software interrupt, and the board set its timer, in the hart's own
 * socket: every hart is woken by an IPI, takes a timer interrupt, and
 * answers rvtrace's synchronisation rounds. With one ACLINT assumed, the
 * harts of the other sockets are never woken (the run times out).
 * Without RVT_TEST_SOCKET_TIMERS (see CMakeLists.txt) the timers are left
 * out.
 */
#include "check.h"
#include "csr.h"

#define TIMER_TICKS	100
#define TIMER_WAIT	10000000ULL	/* 1 s of the 10 MHz time */

static volatile bool ticked[BOARD_MAX_HARTS];
static bool woken[BOARD_MAX_HARTS];

TRACED int traced_step(int x)
{
	return x + 1;
}

static const void *const only_step[] = { (const void *)traced_step };
static struct rvt_ops ops = {
	.func = count_call, .filter = only_step, .filter_len = 1
};

void board_timer_interrupt(void)
{
	ticked[board_hart_index()] = true;
}

/* A timer interrupt on this hart, from its own socket's timer. */
static void tick(unsigned int hart, void *arg)
{
	uint64_t start = rvt_csr_time();

	(void)arg;
	woken[hart] = true;
	if (!RVT_TEST_SOCKET_TIMERS) {
		ticked[hart] = true;
		return;
	}
	board_timer_set(TIMER_TICKS);
	while (!ticked[hart] && rvt_csr_time() - start < TIMER_WAIT)
		;
}

static void step(unsigned int hart, void *arg)
{
	(void)hart;
	(void)arg;
	traced_step(0);
}

int main(void)
{
	unsigned int h, harts = board_nr_harts();

	CHECK(rvt_init(board_platform()) > 0);
	tick(board_hart_index(), NULL);
	board_run_others(tick, NULL);
	board_wait_others();
	for (h = 0; h < harts; h++) {
		CHECK(woken[h]);
		if (!ticked[h])
			board_printf("hart %u: no timer interrupt\n", h);
		CHECK(ticked[h]);
	}

	/* Every hart is online now: the rounds reach each by its MSWI. */
	CHECK_EQ(rvt_register(&ops), 0);
	traced_step(0);
	board_run_others(step, NULL);
	board_wait_others();
	CHECK_EQ(rvt_unregister(&ops), 0);
	for (h = 0; h < harts; h++)
		CHECK_EQ(counted[h], 1);
	CHECK_EQ(rvt_sync_failures(), 0);
	board_printf("platform_sockets: %u harts woken, ticked and synced\n",
		     harts);
	return 0;
}
