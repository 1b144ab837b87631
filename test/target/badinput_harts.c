// SPDX-License-Identifier: BSD-2-Clause
/*
 * Bad input that needs real harts: every call before rvt_init() (the sites
 * keep the compiler's words), rvt_init() a second time from the boot hart
 * and from another hart, and every patching call from a hart that is not
 * online (RVT_EPERM; the boot hart after rvt_hart_offline(), and another
 * hart likewise). Each refused call leaves every site as it was, read back
 * through rvt_site_*() and the instruction words. A hart online again may
 * patch.
 */
#include "check.h"
#include "sitesnap.h"

__thread unsigned long direct_hits_a, direct_hits_b;
void direct_tramp_a(void);

TRACED long ba(long x)
{
	return x + 1;
}

static const void *const only_ba[] = { (const void *)ba };
static struct rvt_ops hook = { .func = count_call, .filter = only_ba,
			       .filter_len = 1 };
static struct rvt_ops direct = { .filter = only_ba, .filter_len = 1 };
static struct rvt_ops registered = { .func = count_call, .filter = only_ba,
				     .filter_len = 1 };

/* Every patching call with good arguments: each must give want. */
static void every_call(int want)
{
	struct rvt_trace_config cfg = { .filter = only_ba, .filter_len = 1 };

	CHECK_EQ(rvt_register(&hook), want);
	CHECK_EQ(rvt_register_direct(&direct, (unsigned long)direct_tramp_a),
		 want);
	CHECK_EQ(rvt_unregister(&registered), want);
	CHECK_EQ(rvt_ftrace_start(&cfg), want);
	CHECK_EQ(rvt_graph_start(&cfg), want);
	CHECK_EQ(hook.flags, 0);
	CHECK_EQ(direct.flags, 0);
}

static struct sitesnap snap_a, snap_b;
static int other_result;

/* Another hart, taken offline: refused; online again: allowed. */
static void other(unsigned int hart, void *arg)
{
	if (hart != *(unsigned int *)arg)
		return;
	rvt_hart_offline();
	CHECK_EQ(rvt_init(board_platform()), RVT_EBUSY);
	sitesnap_take(&snap_a);
	every_call(RVT_EPERM);
	sitesnap_take(&snap_b);
	sitesnap_expect(&snap_a, &snap_b);
	rvt_hart_online();
	CHECK_EQ(rvt_register(&hook), 0);
	CHECK_EQ(ba(1), 2);
	CHECK_EQ(rvt_unregister(&hook), 0);
	other_result = 1;
}

int main(void)
{
	unsigned long f = (unsigned long)ba;
	uint32_t built[4], now[4];
	unsigned long hits;
	int w;

	for (w = 0; w < 4; w++)
		built[w] = text_word(f - 8 + 4 * w);
	CHECK_EQ(rvt_site_count(), RVT_EPERM);
	CHECK_EQ(rvt_site_enabled(only_ba[0]), RVT_EPERM);
	every_call(RVT_EPERM);
	CHECK_EQ(rvt_modify_direct(&direct, (unsigned long)direct_tramp_a),
		 RVT_EPERM);
	CHECK_EQ(rvt_unregister_direct(&direct), RVT_EPERM);
	for (w = 0; w < 4; w++) {
		now[w] = text_word(f - 8 + 4 * w);
		CHECK_EQ(now[w], built[w]);
	}
	CHECK_EQ(ba(1), 2);

	CHECK(rvt_init(board_platform()) > 0);
	CHECK_EQ(rvt_register(&registered), 0);
	sitesnap_take(&snap_a);
	CHECK_EQ(rvt_init(board_platform()), RVT_EBUSY);

	/* The boot hart offline: refused too. */
	rvt_hart_offline();
	every_call(RVT_EPERM);
	rvt_hart_online();
	sitesnap_take(&snap_b);
	sitesnap_expect(&snap_a, &snap_b);
	hits = counted_total();
	CHECK_EQ(ba(1), 2);
	CHECK_EQ(counted_total() - hits, 1);

	if (board_nr_harts() > 1) {
		/* One of the others: the first that is not the boot hart. */
		static unsigned int chosen;

		chosen = board_hart_index() ? 0 : 1;
		board_run_others(other, &chosen);
		board_wait_others();
		CHECK_EQ(other_result, 1);
	}
	CHECK_EQ(rvt_unregister(&registered), 0);
	board_printf("badinput_harts: refused before rvt_init, twice, and from harts offline; nothing changed\n");
	return 0;
}
