// SPDX-License-Identifier: BSD-2-Clause
/*
 * Profiling SBI calls: an S-mode payload, booted by OpenSBI's fw_jump on
 * every hart, makes its SBI calls through instrumented wrappers
 * (sbi_calls.c). The profiler, switched on while all harts are online
 * (rvt_platform_sbi makes them see it, through SBI itself), times each
 * wrapper; the table below gives per SBI extension and function the number
 * of calls and the minimum, mean and maximum latency over all harts.
 *
 * Exit status: 0; 1-9 setup; 10-19 an SBI result that is wrong; 20-29 a
 * profile that misses calls or holds impossible figures.
 */
#include "board.h"
#include "sbi_calls.h"

#define ROUNDS		50
#define HSM_STARTED	0
#define OPENSBI_IMPL_ID	1

static int go, failed;

/* One round: every wrapper once, each result checked. */
static int sbi_round(unsigned int hart)
{
	unsigned int next = (hart + 1) % board_nr_harts();
	struct sbiret r;

	r = sbi_get_spec_version();
	if (r.error || r.value < 0x1000000)	/* SBI v1.0 or later */
		return 10;
	r = sbi_get_impl_id();
	if (r.error || r.value != OPENSBI_IMPL_ID)
		return 11;
	if (sbi_get_impl_version().error)
		return 12;
	r = sbi_probe_extension(SBI_EXT_TIME);
	if (r.error || !r.value)
		return 13;
	if (sbi_get_mvendorid().error || sbi_get_marchid().error ||
	    sbi_get_mimpid().error)
		return 14;
	/* Far in the future; the timer interrupt stays disabled anyway. */
	if (sbi_set_timer(UINT64_MAX).error)
		return 15;
	/* The next hart takes a software interrupt and ignores it. */
	if (sbi_send_ipi(1UL << next, 0).error)
		return 16;
	if (sbi_remote_fence_i(1UL << next, 0).error ||
	    sbi_remote_sfence_vma(1UL << hart, 0, 0, 4096).error)
		return 17;
	r = sbi_hart_get_status(next);
	if (r.error || r.value != HSM_STARTED)
		return 18;
	return 0;
}

static void run_rounds(unsigned int hart)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < ROUNDS && !err; i++)
		err = sbi_round(hart);
	if (err)
		__atomic_store_n(&failed, err, __ATOMIC_RELAXED);
}

static void worker(unsigned int hart, void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		;
	run_rounds(hart);
}

/* Ticks of the 10 MHz time CSR as microseconds, one decimal. */
static void print_us(uint64_t ticks)
{
	board_printf(" %7lu.%lu", (unsigned long)(ticks / 10),
		     (unsigned long)(ticks % 10));
}

static int print_table(void)
{
	uint64_t want = (uint64_t)ROUNDS * board_nr_harts();
	unsigned int i, rows = 0;

	board_printf("%-9s %-18s %7s %9s %9s %9s  (us)\n", "extension",
		     "function", "calls", "min", "mean", "max");
	for (i = 0; i < nr_sbi_calls; i++) {
		struct rvt_profile_entry e = { 0 };
		const struct sbi_call_info *c = &sbi_calls[i];
		/* The table is busiest first; find this wrapper's row. */
		while (!rvt_profile_next(&e) && e.func != c->wrapper)
			;
		if (e.func != c->wrapper || !e.hits)
			return 20;
		board_printf("%-9s %-18s %7lu", c->extension, c->function,
			     (unsigned long)e.hits);
		print_us(e.min);
		print_us(e.total / e.hits);
		print_us(e.max);
		board_printf("\n");
		/* Every call returned, and no figure contradicts another. */
		if (e.hits != want || e.min > e.max ||
		    e.min > e.total / e.hits || e.total / e.hits > e.max ||
		    e.self != e.total)
			return 21;
		rows++;
	}
	return rows == nr_sbi_calls ? 0 : 22;
}

int main(void)
{
	const void *wrappers[16];
	struct rvt_trace_config cfg = { .filter = wrappers };
	unsigned int i;
	int ret = rvt_init(board_platform());

	if (ret < 0) {
		board_printf("sbi-profile: rvt_init: %s\n", rvt_strerror(ret));
		return 1;
	}
	for (i = 0; i < nr_sbi_calls; i++)
		wrappers[i] = sbi_calls[i].wrapper;
	cfg.filter_len = nr_sbi_calls;

	/* The other harts are online (waiting) when the wrappers are patched. */
	board_run_others(worker, NULL);
	ret = rvt_profile_start(&cfg);
	if (ret) {
		board_printf("sbi-profile: rvt_profile_start: %s\n",
			     rvt_strerror(ret));
		return 2;
	}
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	run_rounds(board_hart_index());
	board_wait_others();
	rvt_profile_stop();
	if (failed) {
		board_printf("sbi-profile: an SBI call failed (%d)\n", failed);
		return failed;
	}

	board_printf("sbi-profile: %u harts, %u rounds each, every SBI call "
		     "through an instrumented wrapper\n", board_nr_harts(),
		     ROUNDS);
	return print_table();
}
