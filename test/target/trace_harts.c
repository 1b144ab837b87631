// SPDX-License-Identifier: BSD-2-Clause
/*
 * The trace buffer is shared out among the harts the machine has, not the
 * most its platform could have. The platform is made as a firmware would
 * make it from the device tree it is handed: rvt_platform_virt_m_fdt() in
 * M-mode, rvt_platform_sbi with rvt_fdt_nr_harts() in S-mode. The default
 * pool then gives each of QEMU's harts RVT_TEST_TRACE_POOL / harts / 32
 * events, every hart records in its own share, and the dump says so; its
 * text, printed on the console, is decoded by trace_harts.sh, which checks
 * the decoder's "#P:" against QEMU's -smp.
 */
#include "check.h"
#include "dumpbuf.h"

#define CALLS	5

TRACED int traced_step(int x)
{
	return x + 1;
}

static const void *const only_step[] = { (const void *)traced_step };
static volatile int sink;
static bool ran[BOARD_MAX_HARTS];
static struct rvt_platform plat;

static void work(unsigned int hart, void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < CALLS; i++)
		sink = traced_step(sink);
	ran[hart] = true;
}

/* The platform as a firmware of this privilege mode builds it. */
static int make_platform(void)
{
	const struct rvt_platform *board = board_platform();
	int harts;

	if (board->send_ipi == rvt_platform_virt_m.send_ipi) {
		harts = rvt_platform_virt_m_fdt(&plat, board_fdt());
		CHECK_EQ(plat.hart_index, rvt_platform_virt_m.hart_index);
		CHECK_EQ(plat.clock, rvt_platform_virt_m.clock);
		CHECK_EQ(plat.fast, rvt_platform_virt_m.fast);
		CHECK_EQ(plat.quirks, rvt_platform_virt_m.quirks);
		/* Nothing to copy from, nothing changed. */
		CHECK_EQ(rvt_platform_virt_m_fdt(NULL, board_fdt()), RVT_EINVAL);
		CHECK_EQ(rvt_platform_virt_m_fdt(&plat, NULL), RVT_EINVAL);
		CHECK_EQ(plat.nr_harts, harts);
		return harts;
	}
	/* rvt_platform_sbi as board_s.c completes it, but for nr_harts. */
	plat = rvt_platform_sbi;
	plat.hart_index = board->hart_index;
	plat.clock_hz = board->clock_hz;
	plat.quirks = board->quirks;
	harts = rvt_fdt_nr_harts(board_fdt());
	CHECK(harts > 0);
	plat.nr_harts = (unsigned int)harts;
	return harts;
}

int main(void)
{
	struct rvt_trace_config cfg = {
		.filter = only_step,
		.filter_len = 1,
	};
	const struct rvt_dump_header *hd;
	struct rvt_trace_stats st;
	unsigned int h, harts, cap, online = 0;

	CHECK_EQ(rvt_fdt_nr_harts(NULL), RVT_EINVAL);
	CHECK_EQ(rvt_fdt_nr_harts(only_step), RVT_EINVAL);
	harts = (unsigned int)make_platform();
	/* The harts QEMU runs, every one of which checked in with the board. */
	CHECK_EQ(harts, board_nr_harts());
	CHECK(rvt_init(&plat) > 0);

	/* No buffer given: the static pool. */
	CHECK_EQ(rvt_ftrace_start(&cfg), 0);
	work(board_hart_index(), NULL);
	board_run_others(work, NULL);
	board_wait_others();
	CHECK_EQ(rvt_ftrace_stop(), 0);
	for (h = 0; h < harts; h++)
		online += ran[h];
	CHECK_EQ(online, harts);

	dump_take();
	hd = dump_header();
	cap = RVT_TEST_TRACE_POOL / harts / sizeof(struct rvt_event);
	CHECK_EQ(hd->nr_harts, harts);
	CHECK_EQ(hd->events_per_hart, cap);
	for (h = 0; h < harts; h++) {
		uint32_t n;

		dump_events(h, &n, NULL);
		CHECK_EQ(n, CALLS);
	}
	CHECK_EQ(rvt_trace_stats(&st), 0);
	CHECK_EQ(st.recorded, harts * CALLS);
	CHECK_EQ(st.overwritten + st.dropped, 0);

	board_printf("trace_harts: %u harts, %u events per hart\n", harts, cap);
	CHECK(rvt_trace_dump_text(board_console_write, NULL) > 0);
	return 0;
}
